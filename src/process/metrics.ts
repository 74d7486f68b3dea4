import type { CommitResult, LogRecord, SilverBatch } from '../core/ports.js';
import type { Metrics } from '../core/metrics.js';

/**
 * Counts one committed batch. Duplicates inside the batch are quarantine rows the batch
 * already holds; duplicates of stored rows are found by the warehouse and only counted in
 * its result. So every record counts once: stored, quarantined or duplicate.
 */
export function recordBatch(
  m: Metrics['processor'],
  records: readonly LogRecord[],
  batch: SilverBatch,
  result: CommitResult,
  seconds: number,
): void {
  const reasons = new Map<string, number>([
    ['duplicate', result.duplicates],
    ['duplicate_order', result.duplicateOrders],
  ]);
  for (const q of batch.quarantine) reasons.set(q.reason, (reasons.get(q.reason) ?? 0) + 1);
  for (const [reason, n] of reasons) if (n > 0) m.quarantined.inc({ reason }, n);
  const message = reasons.get('duplicate')!;
  const order = reasons.get('duplicate_order')!;
  if (message > 0) m.duplicates.inc({ kind: 'message' }, message);
  if (order > 0) m.duplicates.inc({ kind: 'order' }, order);
  m.records.inc({ outcome: 'stored' }, result.stored);
  m.records.inc({ outcome: 'quarantined' }, result.quarantined - message - order);
  m.records.inc({ outcome: 'duplicate' }, message + order);
  m.batchRecords.observe(records.length);
  m.batchSeconds.observe(seconds);
}
