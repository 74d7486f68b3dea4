import type { LogRecord, QuarantineRow, ReplaySummary, Warehouse } from '../core/ports.js';
import { fromSqlTimestamp } from '../core/time.js';
import { buildBatch } from './batch.js';
import type { Pipeline } from './pipeline.js';

/** A quarantine row back into the log record it came from (seq and all). */
function toRecord(q: QuarantineRow): LogRecord {
  const unreadable = q.reason === 'oversized' || (q.reason === 'malformed_json' && !isJson(q.raw));
  return {
    seq: q.seq,
    receivedAt: fromSqlTimestamp(q.received_at),
    writeKeyId: q.write_key_id,
    requestId: q.request_id,
    source: q.source,
    messageId: q.message_id ?? `quarantine-${q.seq}`,
    sentAt: q.batch_sent_at ?? undefined,
    kind: unreadable ? 'raw' : 'event',
    reason: unreadable ? q.reason : undefined,
    payload: q.raw,
  };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Re-validates unresolved quarantined events with the current code. Those that pass go
 * to silver under their original seq and their quarantine row is resolved; the rest keep
 * their row with the new reason. Idempotent: resolved rows are never replayed again, and a
 * messageId already in silver resolves as a duplicate. Rows quarantined as duplicates are
 * skipped unless `reason` names them.
 */
export async function replayQuarantine(
  deps: { warehouse: Warehouse; pipeline: Pipeline; now: () => number },
  filter: { reason?: string | undefined; limit: number },
): Promise<ReplaySummary> {
  const summary: ReplaySummary = { examined: 0, stored: 0, duplicates: 0, stillQuarantined: {} };
  let afterSeq = 0;
  while (summary.examined < filter.limit) {
    const rows = await deps.warehouse.listQuarantine({
      reason: filter.reason,
      unresolvedOnly: true,
      limit: Math.min(1000, filter.limit - summary.examined),
      afterSeq,
    });
    if (rows.length === 0) break;
    afterSeq = rows.at(-1)!.seq;
    // A duplicate cannot be fixed by new code: replay those only when asked by name.
    const todo = filter.reason ? rows : rows.filter((r) => !r.reason.startsWith('duplicate'));
    summary.examined += todo.length;
    const batch = buildBatch(todo.map(toRecord), deps.pipeline, deps.now(), null);
    batch.resolves = batch.events.map((e) => e.seq);
    const still = batch.quarantine;
    batch.quarantine = [];
    const result = await deps.warehouse.commit(batch);
    await deps.warehouse.requarantine(still);
    summary.stored += result.stored;
    summary.duplicates += result.duplicates + result.duplicateOrders;
    for (const q of still)
      summary.stillQuarantined[q.reason] = (summary.stillQuarantined[q.reason] ?? 0) + 1;
  }
  return summary;
}
