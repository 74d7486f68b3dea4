import type { CommitResult, LogRecord, ProcessorStats, SilverBatch } from '../core/ports.js';
import type { Metrics } from '../core/metrics.js';
import { LatencyWindow } from './latency.js';
import { recordBatch } from './metrics.js';

/**
 * What a processor knows of its own work, whichever log it reads: counts, the last error,
 * and receive-to-visible latency of recent events. Both processor loops keep one.
 */
export function createAccounting(metrics: Metrics, now: () => number) {
  const stats: ProcessorStats = {
    checkpoint: 0,
    processed: 0,
    stored: 0,
    quarantined: 0,
    duplicates: 0,
    batches: 0,
    lastError: null,
    lastBatchMs: 0,
    visibleMs: { p50: 0, p99: 0, max: 0, samples: 0 },
  };
  const visible = new LatencyWindow(100_000);
  return {
    stats,
    snapshot: (): Readonly<ProcessorStats> => ({ ...stats, visibleMs: visible.summary() }),
    /** One committed batch: counts, metrics, and the latency of its records. */
    committed(records: LogRecord[], batch: SilverBatch, result: CommitResult, started: number) {
      const toSeq = batch.checkpoint?.toSeq ?? 0;
      stats.checkpoint = Math.max(stats.checkpoint, toSeq);
      stats.processed += records.length;
      stats.stored += result.stored;
      stats.quarantined += result.quarantined;
      stats.duplicates += result.duplicates + result.duplicateOrders;
      stats.batches += 1;
      stats.lastError = null;
      stats.lastBatchMs = performance.now() - started;
      recordBatch(metrics.processor, records, batch, result, stats.lastBatchMs / 1000);
      const at = now();
      const { visibleSeconds } = metrics.processor;
      for (const r of records) {
        visible.add(at - r.receivedAt);
        visibleSeconds.observe((at - r.receivedAt) / 1000);
      }
    },
  };
}

export type Accounting = ReturnType<typeof createAccounting>;
