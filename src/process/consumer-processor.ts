import type {
  LogConsumer,
  LogDelivery,
  LogRecord,
  ProcessorStats,
  QuarantineInput,
  SilverBatch,
  Warehouse,
} from '../core/ports.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Metrics } from '../core/metrics.js';
import { InfraError } from '../core/errors.js';
import { buildBatch } from './batch.js';
import { quarantineRow, type Pipeline } from './pipeline.js';
import { createAccounting } from './accounting.js';

export interface ConsumerProcessorOptions {
  /** Names the checkpoint row: the highest seq committed, for status only. */
  consumer: string;
  batchSize: number;
  idleWaitMs: number;
  maxBackoffMs: number;
  /** Commits one record may fail (not for an outage) before it is quarantined as poison. */
  poisonAttempts: number;
}

interface Deps {
  log: LogConsumer;
  warehouse: Warehouse;
  pipeline: Pipeline;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}

const unavailable = (err: unknown) => err instanceof InfraError;
/** A delivery handed back comes again (to any processor) after this. */
const RETRY_DELAY_MS = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A processor on a shared log consumer (NATS JetStream): any number of them take deliveries
 * from one durable consumer, commit each (silver, quarantine and live counters in one
 * transaction) and acknowledge it only then. A processor that dies before its ack leaves
 * the delivery to be redelivered to another; the batch is marked `atLeastOnce`, so the
 * warehouse drops the records the first delivery already committed.
 *
 * Failures: an outage (InfraError: the warehouse is down) hands the delivery back to the
 * log with a delay and backs off, so lag grows and nothing is acknowledged. Any other
 * failure is about the data: the delivery is split until the record that fails alone is
 * found, that record is tried `poisonAttempts` times and then quarantined as
 * `storage_error` with its raw payload, and the stream goes on.
 */
export function createConsumerProcessor(deps: Deps, opts: ConsumerProcessorOptions) {
  const accounting = createAccounting(deps.metrics, () => deps.clock.now());
  let stopping = false;
  let running: Promise<void> | null = null;

  const prepare = (records: LogRecord[]): SilverBatch => ({
    ...buildBatch(records, deps.pipeline, deps.clock.now(), {
      consumer: opts.consumer,
      toSeq: Math.max(...records.map((r) => r.seq)),
    }),
    atLeastOnce: true,
  });

  async function commit(records: LogRecord[], batch = prepare(records)): Promise<void> {
    const started = performance.now();
    const result = await deps.warehouse.commit(batch);
    accounting.committed(records, batch, result, started);
  }

  /** Commits `records` however small the part that fails; throws only for an outage. */
  async function isolate(records: LogRecord[], err: unknown): Promise<void> {
    if (records.length === 1) return poison(records[0]!, err);
    const half = Math.ceil(records.length / 2);
    for (const part of [records.slice(0, half), records.slice(half)]) {
      try {
        await commit(part);
      } catch (e) {
        if (unavailable(e)) throw e;
        await isolate(part, e);
      }
    }
  }

  async function poison(record: LogRecord, first: unknown): Promise<void> {
    let last = first;
    for (let attempt = 2; attempt <= opts.poisonAttempts; attempt++) {
      await sleep(50 * attempt);
      try {
        return await commit([record]);
      } catch (e) {
        if (unavailable(e)) throw e;
        last = e;
      }
    }
    const detail = `the warehouse refused this event ${opts.poisonAttempts} times: ${String((last as Error)?.message ?? last)}`;
    deps.logger.error({ seq: record.seq, err: last }, 'poison event quarantined');
    const batch = prepare([]);
    batch.checkpoint = { consumer: opts.consumer, toSeq: record.seq };
    batch.quarantine = [storable(quarantineRow(record, 'storage_error', detail, deps.clock.now()))];
    await commit([record], batch);
  }

  /** One delivery, committed and acknowledged, or handed back to the log. */
  async function handle(delivery: LogDelivery): Promise<void> {
    try {
      try {
        await commit(delivery.records);
      } catch (err) {
        if (unavailable(err)) throw err;
        deps.logger.warn({ err }, 'batch commit failed on its data: isolating the bad record');
        await isolate(delivery.records, err);
      }
    } catch (err) {
      delivery.retry(RETRY_DELAY_MS);
      throw err;
    }
    await delivery.ack();
  }

  async function loop(): Promise<void> {
    let backoff = 100;
    // The delivery in flight; its failure is kept as a value so it is never unhandled.
    let inFlight: Promise<Error | null> | null = null;
    const settle = async () => {
      const failure = await inFlight;
      inFlight = null;
      if (failure) throw failure;
    };
    while (!stopping) {
      try {
        const delivery = await deps.log.fetch(opts.batchSize, opts.idleWaitMs);
        if (delivery.records.length === 0) {
          await settle();
          continue;
        }
        // The commit before failed: this one goes back too, not to wait out its ack_wait.
        await settle().catch((err: unknown) => {
          delivery.retry(RETRY_DELAY_MS);
          throw err;
        });
        inFlight = handle(delivery).then(
          () => null,
          (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
        );
        backoff = 100;
      } catch (err) {
        inFlight = null;
        accounting.stats.lastError = (err as Error).message;
        deps.logger.error({ err, backoffMs: backoff }, 'processor delivery failed');
        await sleep(backoff);
        backoff = Math.min(backoff * 2, opts.maxBackoffMs);
      }
    }
    await settle().catch((err: unknown) =>
      deps.logger.error({ err }, 'last processor delivery failed'),
    );
  }

  return {
    stats: (): Readonly<ProcessorStats> => accounting.snapshot(),
    async init(): Promise<void> {
      accounting.stats.checkpoint = await deps.warehouse.checkpoint(opts.consumer);
    },
    start(): void {
      stopping = false;
      running ??= loop().finally(() => (running = null));
    },
    /** Finishes the delivery in hand (committed and acknowledged), then stops. */
    async stop(): Promise<void> {
      stopping = true;
      await running;
    },
  };
}

/** PostgreSQL text cannot hold U+0000: a poison row keeps it as the escape `\u0000`. */
function storable(row: QuarantineInput): QuarantineInput {
  const safe = (v: string) => v.replaceAll('\u0000', '\\u0000');
  return {
    ...row,
    detail: safe(row.detail),
    raw: safe(row.raw),
    event_name: row.event_name && safe(row.event_name),
  };
}

export type ConsumerProcessor = ReturnType<typeof createConsumerProcessor>;
