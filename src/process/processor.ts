import type { CommitResult, EventLog, ProcessorStats, Warehouse } from '../core/ports.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { buildBatch } from './batch.js';
import type { Pipeline } from './pipeline.js';
import { LatencyWindow } from './latency.js';

export interface ProcessorOptions {
  consumer: string;
  batchSize: number;
  /** How long an idle reader waits for new records before looking again. */
  idleWaitMs: number;
  maxBackoffMs: number;
}

interface Deps {
  log: EventLog;
  warehouse: Warehouse;
  pipeline: Pipeline;
  clock: Clock;
  logger: Logger;
  onCommit?: (result: CommitResult, toSeq: number) => void;
}

/**
 * Continuous micro-batches: read after the checkpoint, process, and commit silver rows,
 * quarantine rows and the new checkpoint in one transaction. A failed commit moved
 * nothing, so it is retried with backoff; ingestion into the log goes on meanwhile.
 */
export function createProcessor(deps: Deps, opts: ProcessorOptions) {
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
  let stopping = false;
  let running: Promise<void> | null = null;

  // One batch at a time: a second reader from the same checkpoint would commit twice.
  let turn: Promise<unknown> = Promise.resolve();
  function processOnce(): Promise<number> {
    const next = turn.then(processBatch, processBatch);
    turn = next.catch(() => undefined);
    return next;
  }

  async function processBatch(): Promise<number> {
    const records = await deps.log.read(stats.checkpoint, opts.batchSize);
    if (records.length === 0) return 0;
    const started = performance.now();
    const toSeq = records.at(-1)!.seq;
    const batch = buildBatch(records, deps.pipeline, deps.clock.now(), {
      consumer: opts.consumer,
      toSeq,
    });
    const result = await deps.warehouse.commit(batch);
    stats.checkpoint = toSeq;
    stats.processed += records.length;
    stats.stored += result.stored;
    stats.quarantined += result.quarantined;
    stats.duplicates += result.duplicates + result.duplicateOrders;
    stats.batches += 1;
    stats.lastError = null;
    stats.lastBatchMs = performance.now() - started;
    const committedAt = deps.clock.now();
    for (const r of records) visible.add(committedAt - r.receivedAt);
    deps.onCommit?.(result, toSeq);
    return records.length;
  }

  async function loop(): Promise<void> {
    let backoff = 100;
    while (!stopping) {
      try {
        const n = await processOnce();
        backoff = 100;
        if (n === 0) await deps.log.waitFor(stats.checkpoint, opts.idleWaitMs);
      } catch (err) {
        stats.lastError = (err as Error).message;
        deps.logger.error(
          { err, checkpoint: stats.checkpoint, backoffMs: backoff },
          'processor batch failed',
        );
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, opts.maxBackoffMs);
      }
    }
  }

  return {
    stats: (): Readonly<ProcessorStats> => ({ ...stats, visibleMs: visible.summary() }),
    /** Loads the checkpoint; call before processOnce or start. */
    async init(): Promise<void> {
      stats.checkpoint = await deps.warehouse.checkpoint(opts.consumer);
    },
    processOnce,
    start(): void {
      stopping = false;
      running ??= loop().finally(() => {
        running = null;
      });
    },
    /** Finishes the batch in hand, then stops: everything read is committed. */
    async stop(): Promise<void> {
      stopping = true;
      await running;
    },
    /** Processes until the log's current end is committed (used at shutdown and in tests). */
    async drain(): Promise<void> {
      while (stats.checkpoint < deps.log.stats().lastSeq) await processOnce();
    },
  };
}

export type Processor = ReturnType<typeof createProcessor>;
