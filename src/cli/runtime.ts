import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../core/config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { createMetrics } from '../core/metrics.js';
import { scrape } from '../serve/metrics.js';
import { FileLog } from '../adapters/file-log/file-log.js';
import type { AdminSource } from '../serve/admin.js';
import { statusReport } from '../serve/status.js';
import { recordsOutcome } from '../serve/outcome.js';
import { openEngines } from './engines.js';
import { readiness, type HealthSource } from '../serve/health.js';
import { lockDataDir } from './lock.js';
import { createRetention } from './retention.js';

/** `cacheRecords`: 0 when the reader is in another thread and cannot use the memory copy. */
export function openLog(config: Readonly<Config>, cacheRecords = 200_000): Promise<FileLog> {
  return FileLog.open({
    dir: join(config.dataDir, 'log'),
    fsync: config.log.fsync,
    segmentBytes: config.log.segmentBytes,
    cacheRecords,
  });
}

/**
 * The embedded engines in this thread: the file log and the processing side reading it
 * from memory. Used by the tests and by operator commands when no instance is running.
 */
export async function openRuntime(config: Readonly<Config>, logger: Logger, clock: Clock) {
  await mkdir(config.dataDir, { recursive: true });
  const unlock = await lockDataDir(config.dataDir);
  const log = await openLog(config).catch(async (err: unknown) => {
    await unlock();
    throw err;
  });
  // One registry for both sides; no process metrics: several runtimes may share a process.
  const metrics = createMetrics({ defaults: false });
  const engines = await openEngines(config, logger, clock, log, metrics).catch(
    async (err: unknown) => {
      await log.close();
      await unlock();
      throw err;
    },
  );
  // Not started here: `storepulse start` schedules it; tests run it when they choose.
  const retention = createRetention(config.retention, {
    log,
    warehouse: engines.warehouse,
    checkpoints: async () => (await engines.status()).warehouse.checkpoints,
    clock,
    logger,
    onDeleted: (table, rows) => metrics.monitor.retentionDeleted.inc({ table }, rows),
  });
  const admin: AdminSource = {
    status: async () => {
      const processing = await engines.status();
      return { ...statusReport(log.stats(), processing, clock.now()), retention: retention.last() };
    },
    quarantine: engines.quarantine,
    replay: engines.replay,
    runModels: (o) => engines.models.run(o),
    testModels: (o) => engines.models.test(o),
    modelRuns: (limit) => engines.models.runs(limit),
    health: (o) => engines.health(o),
    alerts: (limit) => engines.monitor.history(limit),
    records: (from, to) =>
      recordsOutcome(
        (q, p) => engines.reads.read(q, p),
        from,
        to,
        engines.processor.stats().checkpoint,
      ),
  };
  let closing = false;
  const lastHealth = () => Promise.resolve(engines.monitor.last());
  const health: HealthSource = {
    report: lastHealth,
    notReady: () => readiness({ closing: () => closing, ping: engines.ping, report: lastHealth }),
  };
  return {
    log,
    health,
    monitor: engines.monitor,
    monitorScheduler: engines.monitorScheduler,
    warehouse: engines.warehouse,
    processor: engines.processor,
    models: engines.models,
    scheduler: engines.scheduler,
    reads: engines.reads,
    retention,
    admin,
    metrics,
    /** The Prometheus exposition, with the store gauges read now. */
    scrape: async () => scrape(metrics, await admin.status()),
    async close(): Promise<void> {
      closing = true;
      await retention.stop();
      await engines.close();
      await log.close();
      await unlock();
    },
  };
}

export type Runtime = Awaited<ReturnType<typeof openRuntime>>;
