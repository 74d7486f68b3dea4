import type {
  LogReader,
  LogRecord,
  ProcessorStats,
  SilverBatch,
  Warehouse,
} from '../core/ports.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Metrics } from '../core/metrics.js';
import { buildBatch } from './batch.js';
import type { Pipeline } from './pipeline.js';
import { createAccounting } from './accounting.js';

export interface ProcessorOptions {
  consumer: string;
  batchSize: number;
  /** How long an idle reader waits for new records before looking again. */
  idleWaitMs: number;
  /** The least time between batch starts unless a full batch is waiting. */
  lingerMs: number;
  maxBackoffMs: number;
}

interface Deps {
  log: LogReader;
  warehouse: Warehouse;
  pipeline: Pipeline;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}

/**
 * Continuous micro-batches: read after the checkpoint, process, and commit silver rows,
 * quarantine rows and the new checkpoint in one transaction. While one batch commits (in
 * the warehouse's own threads) the next is read and processed, so the JS thread and the
 * database work at once; commits stay strictly in order. A failed commit moved nothing:
 * reading restarts at the checkpoint after a backoff, and ingestion into the log goes on.
 */
export function createProcessor(deps: Deps, opts: ProcessorOptions) {
  const accounting = createAccounting(deps.metrics, () => deps.clock.now());
  const { stats } = accounting;
  const committed = new Set<() => void>();
  let stopping = false;
  let running: Promise<void> | null = null;

  const prepare = (records: LogRecord[]): SilverBatch =>
    buildBatch(records, deps.pipeline, deps.clock.now(), {
      consumer: opts.consumer,
      toSeq: records.at(-1)!.seq,
    });

  async function commit(records: LogRecord[], batch: SilverBatch, started: number): Promise<void> {
    const result = await deps.warehouse.commit(batch);
    accounting.committed(records, batch, result, started);
    for (const notify of [...committed]) notify();
  }

  /** One batch, start to end (when the loop is not running). */
  async function processOnce(): Promise<number> {
    const records = await deps.log.read(stats.checkpoint, opts.batchSize);
    if (records.length > 0) await commit(records, prepare(records), performance.now());
    return records.length;
  }

  async function loop(): Promise<void> {
    let readSeq = stats.checkpoint;
    // The commit in flight; its failure is kept as a value so it is never unhandled.
    let inFlight: Promise<Error | null> | null = null;
    const settle = async () => {
      const failure = await inFlight;
      inFlight = null;
      if (failure) throw failure;
    };
    let backoff = 100;
    let lastStart = 0;
    while (!stopping) {
      try {
        // Under light traffic, gather for up to lingerMs: every commit has a fixed cost.
        const early = lastStart + opts.lingerMs - performance.now();
        if (early > 0 && deps.log.lastSeq() - readSeq < opts.batchSize) {
          await new Promise((r) => setTimeout(r, early));
        }
        const records = await deps.log.read(readSeq, opts.batchSize);
        if (records.length === 0) {
          if (inFlight) await settle();
          else await deps.log.waitFor(readSeq, opts.idleWaitMs);
          continue;
        }
        const started = performance.now();
        lastStart = started;
        const batch = prepare(records);
        readSeq = records.at(-1)!.seq;
        if (inFlight) await settle();
        inFlight = commit(records, batch, started).then(
          () => null,
          (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
        );
        backoff = 100;
      } catch (err) {
        inFlight = null;
        readSeq = stats.checkpoint;
        stats.lastError = (err as Error).message;
        deps.logger.error(
          { err, checkpoint: stats.checkpoint, backoffMs: backoff },
          'processor batch failed',
        );
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, opts.maxBackoffMs);
      }
    }
    await settle().catch((err: unknown) =>
      deps.logger.error({ err }, 'last processor batch failed'),
    );
  }

  function untilCheckpoint(seq: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (stats.checkpoint >= seq || !running) {
          committed.delete(check);
          resolve();
        }
      };
      committed.add(check);
      check();
    });
  }

  return {
    stats: (): Readonly<ProcessorStats> => accounting.snapshot(),
    /** Loads the checkpoint; call before processOnce or start. */
    async init(): Promise<void> {
      stats.checkpoint = await deps.warehouse.checkpoint(opts.consumer);
    },
    start(): void {
      stopping = false;
      running ??= loop().finally(() => {
        running = null;
        for (const notify of [...committed]) notify();
      });
    },
    /** Finishes the batches in hand, then stops: everything read is committed. */
    async stop(): Promise<void> {
      stopping = true;
      await running;
    },
    /** Resolves once everything durable in the log now is committed. */
    async drain(): Promise<void> {
      const target = deps.log.lastSeq();
      if (running) await untilCheckpoint(target);
      while (!running && stats.checkpoint < target) await processOnce();
    },
  };
}

export type Processor = ReturnType<typeof createProcessor>;
