import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * The processor's metrics (worker thread in `storepulse start`). Every record of a committed
 * batch counts once in `records` by outcome; the lag and checkpoint gauges are set when
 * scraped, from the status report, so they stay true while the processor is stuck.
 */
export function processorMetrics(registry: Registry) {
  const registers = [registry];
  return {
    records: new Counter({
      name: 'storepulse_processor_records_total',
      help: 'Log records committed, by outcome: stored (in silver), quarantined (invalid), duplicate (a messageId or order_id already stored).',
      labelNames: ['outcome'] as const,
      registers,
    }),
    quarantined: new Counter({
      name: 'storepulse_processor_quarantined_total',
      help: 'Records committed to quarantine, by reason code (duplicate and duplicate_order included).',
      labelNames: ['reason'] as const,
      registers,
    }),
    duplicates: new Counter({
      name: 'storepulse_processor_duplicates_total',
      help: 'Duplicates quarantined, by kind: message (messageId already stored) or order (order_id already stored).',
      labelNames: ['kind'] as const,
      registers,
    }),
    batchRecords: new Histogram({
      name: 'storepulse_processor_batch_records',
      help: 'Records per committed micro-batch.',
      buckets: [1, 10, 50, 100, 500, 1000, 2500, 5000, 10000, 20000],
      registers,
    }),
    batchSeconds: new Histogram({
      name: 'storepulse_processor_batch_seconds',
      help: 'Time to process and commit one micro-batch.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    visibleSeconds: new Histogram({
      name: 'storepulse_processor_visible_seconds',
      help: 'Per record, time from receipt by the collector to its commit in silver or quarantine.',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    }),
    lagEvents: new Gauge({
      name: 'storepulse_processor_lag_events',
      help: 'Records in the log not committed by the processor yet (set when scraped).',
      registers,
    }),
    lagMessages: new Gauge({
      name: 'storepulse_processor_lag_messages',
      help: 'Scale-out: log messages of the shared consumer not acknowledged yet, waiting (pending) or delivered to a processor (in_flight) (set when scraped).',
      labelNames: ['state'] as const,
      registers,
    }),
    lagSeconds: new Gauge({
      name: 'storepulse_processor_lag_seconds',
      help: 'Age of the oldest record not committed yet; 0 when caught up (set when scraped).',
      registers,
    }),
    checkpoint: new Gauge({
      name: 'storepulse_processor_checkpoint_seq',
      help: "The processor's checkpoint: the last log sequence number committed (set when scraped).",
      registers,
    }),
  };
}
