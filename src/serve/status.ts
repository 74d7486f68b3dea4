import type {
  LogReader,
  LogStats,
  ProcessorStats,
  Warehouse,
  WarehouseStatus,
} from '../core/ports.js';
import type { RetentionReport } from '../monitor/retention.js';

/** What the processing side knows: the warehouse, the processor, the oldest unprocessed record. */
export interface ProcessingStatus {
  warehouse: WarehouseStatus;
  processor: ProcessorStats | null;
  checkpoint: number;
  oldestUnprocessedAt: number | null;
}

export type LagUnit = 'events' | 'messages';

export interface StatusReport {
  at: string;
  log: { firstSeq: number; lastSeq: number; bytes: number };
  warehouse: WarehouseStatus;
  /**
   * What is not processed yet. `events` counts log records (one event each) on the embedded
   * file log, and broker messages on NATS, where each holds many events: `unit` says which.
   */
  lag: { events: number; seconds: number; unit: LagUnit };
  processor: ProcessorStats | null;
  /** The last retention run; null before the first. */
  retention?: RetentionReport | null;
}

export async function processingStatus(deps: {
  log: LogReader;
  warehouse: Warehouse;
  consumer: string;
  processor?: { stats(): Readonly<ProcessorStats> } | undefined;
}): Promise<ProcessingStatus> {
  // The processor's checkpoint first: counts read after it include everything it covers.
  const processor = deps.processor ? { ...deps.processor.stats() } : null;
  const warehouse = await deps.warehouse.status();
  const checkpoint = processor?.checkpoint ?? warehouse.checkpoints[deps.consumer] ?? 0;
  const [oldest] = await deps.log.read(checkpoint, 1);
  return { warehouse, processor, checkpoint, oldestUnprocessedAt: oldest?.receivedAt ?? null };
}

/** Counts per layer, lag in events and seconds, quarantine by reason. */
export function statusReport(log: LogStats, p: ProcessingStatus, now: number): StatusReport {
  return {
    at: new Date(now).toISOString(),
    log: { firstSeq: log.firstSeq, lastSeq: log.lastSeq, bytes: log.bytes },
    warehouse: p.warehouse,
    lag: {
      events: Math.max(0, log.lastSeq - p.checkpoint),
      seconds:
        p.oldestUnprocessedAt === null ? 0 : Math.max(0, (now - p.oldestUnprocessedAt) / 1000),
      unit: 'events',
    },
    processor: p.processor,
  };
}
