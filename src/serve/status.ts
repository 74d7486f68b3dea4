import type { EventLog, ProcessorStats, Warehouse, WarehouseStatus } from '../core/ports.js';

export interface StatusReport {
  at: string;
  log: { firstSeq: number; lastSeq: number; bytes: number };
  warehouse: WarehouseStatus;
  lag: { events: number; seconds: number };
  processor: ProcessorStats | null;
}

/** Counts per layer, lag in events and seconds, quarantine by reason. */
export async function buildStatus(deps: {
  log: EventLog;
  warehouse: Warehouse;
  consumer: string;
  processor?: { stats(): Readonly<ProcessorStats> } | undefined;
  now: number;
}): Promise<StatusReport> {
  const log = deps.log.stats();
  const warehouse = await deps.warehouse.status();
  const checkpoint =
    deps.processor?.stats().checkpoint ?? warehouse.checkpoints[deps.consumer] ?? 0;
  const [oldestUnprocessed] = await deps.log.read(checkpoint, 1);
  return {
    at: new Date(deps.now).toISOString(),
    log: { firstSeq: log.firstSeq, lastSeq: log.lastSeq, bytes: log.bytes },
    warehouse,
    lag: {
      events: Math.max(0, log.lastSeq - checkpoint),
      seconds: oldestUnprocessed
        ? Math.max(0, (deps.now - oldestUnprocessed.receivedAt) / 1000)
        : 0,
    },
    processor: deps.processor ? { ...deps.processor.stats() } : null,
  };
}
