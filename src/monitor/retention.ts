import type { Logger } from '../core/logger.js';
import type { EventLog, LogPruned, Warehouse, WarehouseRetention } from '../core/ports.js';

/** How many days each kind of data is kept (config `retention`); 0 keeps it forever. */
export interface RetentionPolicy {
  bronzeDays: number;
  quarantineDays: number;
  opsDays: number;
  liveSecondsDays: number;
}

/** What one retention run deleted; plain data, so it crosses threads and goes out as JSON. */
export interface RetentionReport {
  at: string;
  durationMs: number;
  /** Per target, the instant (ISO, UTC) before which data went; null: kept forever. */
  cutoffs: {
    bronze: string | null;
    quarantine: string | null;
    ops: string | null;
    liveSeconds: string | null;
  };
  /** The lowest consumer checkpoint: no log record after it goes, whatever its age. */
  bronzeUpToSeq: number | null;
  deleted: {
    bronze: LogPruned;
    /** Rows per warehouse table, for the targets that have a cutoff. */
    tables: Record<string, number>;
  };
}

export interface RetentionDeps {
  log: Pick<EventLog, 'pruneBefore'>;
  warehouse: Pick<Warehouse, 'prune'>;
  /** Every consumer's committed checkpoint. */
  checkpoints: () => Promise<Record<string, number>>;
  logger: Logger;
  /** Told, after each run, what went from each table (`bronze`: log records), zeros too. */
  onDeleted?: ((table: string, rows: number) => void) | undefined;
}

const DAY_MS = 86_400_000;

const cutoff = (days: number, now: number): number | null =>
  days > 0 ? now - days * DAY_MS : null;
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/**
 * One retention run: the log's oldest records once every consumer has processed them, old
 * quarantine rows, ops history and per-second live counters. Silver and gold are never
 * touched. `now` fixes every cutoff, so a run is repeatable under a test clock.
 */
export async function runRetention(
  deps: RetentionDeps,
  policy: RetentionPolicy,
  now: number,
): Promise<RetentionReport> {
  const started = performance.now();
  const bronzeBefore = cutoff(policy.bronzeDays, now);
  const warehouse: WarehouseRetention = {
    quarantineBefore: cutoff(policy.quarantineDays, now),
    opsBefore: cutoff(policy.opsDays, now),
    liveSecondsBefore: cutoff(policy.liveSecondsDays, now),
  };
  let bronzeUpToSeq: number | null = null;
  let bronze: LogPruned = { segments: 0, records: 0, bytes: 0 };
  if (bronzeBefore !== null) {
    bronzeUpToSeq = lowest(await deps.checkpoints());
    bronze = await deps.log.pruneBefore({ beforeMs: bronzeBefore, upToSeq: bronzeUpToSeq });
  }
  const tables = await deps.warehouse.prune(warehouse);
  const report: RetentionReport = {
    at: new Date(now).toISOString(),
    durationMs: Math.round(performance.now() - started),
    cutoffs: {
      bronze: iso(bronzeBefore),
      quarantine: iso(warehouse.quarantineBefore),
      ops: iso(warehouse.opsBefore),
      liveSeconds: iso(warehouse.liveSecondsBefore),
    },
    bronzeUpToSeq,
    deleted: { bronze, tables },
  };
  if (bronzeBefore !== null) deps.onDeleted?.('bronze', bronze.records);
  for (const [table, rows] of Object.entries(tables)) deps.onDeleted?.(table, rows);
  deps.logger.info(
    {
      bronzeSegments: bronze.segments,
      bronzeRecords: bronze.records,
      bronzeBytes: bronze.bytes,
      bronzeUpToSeq,
      ...tables,
      durationMs: report.durationMs,
    },
    'retention run',
  );
  return report;
}

/** With no consumer yet, nothing has been processed, so nothing may go. */
function lowest(checkpoints: Record<string, number>): number {
  const seqs = Object.values(checkpoints);
  return seqs.length === 0 ? 0 : Math.min(...seqs);
}
