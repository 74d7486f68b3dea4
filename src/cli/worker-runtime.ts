import { mkdir } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { Config } from '../core/config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { createMetrics, type MetricsJson } from '../core/metrics.js';
import { scrape } from '../serve/metrics.js';
import type { ProcessingStatus } from '../serve/status.js';
import { statusReport } from '../serve/status.js';
import { recordsOutcome } from '../serve/outcome.js';
import type { AdminSource } from '../serve/admin.js';
import { openLog } from './runtime.js';
import { lockDataDir } from './lock.js';
import { createCaller } from './rpc.js';
import { createRetention } from './retention.js';
import type { DashboardReads } from '../serve/api/reads.js';
import { readiness, type HealthSource } from '../serve/health.js';
import type { HealthReport } from '../monitor/types.js';

/**
 * `storepulse start`'s engines: the log is written here, in the thread that serves HTTP;
 * the processor and DuckDB run in a worker thread that reads the log's files and is told
 * after every sync how far the log is durable.
 */
export async function openWorkerRuntime(config: Readonly<Config>, logger: Logger, clock: Clock) {
  await mkdir(config.dataDir, { recursive: true });
  const unlock = await lockDataDir(config.dataDir);
  const log = await openLog(config, 0);
  // The collector's counters and the process metrics; the worker keeps the processor's.
  const metrics = createMetrics({ defaults: true });
  const worker = new Worker(new URL('./processor-worker.js', import.meta.url), {
    workerData: { config, durableSeq: log.lastSeq() },
  });
  const rpc = createCaller(worker);
  let closing = false;
  worker.on('error', (err) => logger.fatal({ err }, 'processor thread failed'));
  worker.on('exit', (code) => {
    rpc.failAll(new Error(`processor thread exited (${code})`));
    // Without its processor the instance would only pile up lag: stop, restart resumes.
    if (!closing) {
      logger.fatal({ code }, 'processor thread exited; stopping');
      process.exit(1);
    }
  });
  await new Promise<void>((resolve) => {
    const ready = (m: { type: string }) => {
      if (m.type !== 'ready') return;
      worker.off('message', ready);
      resolve();
    };
    worker.on('message', ready);
  });
  const stopNotices = log.onDurable((seq) => worker.postMessage({ type: 'durable', seq }));
  // Here, beside the log's writer; the warehouse's part runs in the worker.
  const retention = createRetention(config.retention, {
    log,
    warehouse: { prune: (policy) => rpc.call('prune', policy) },
    checkpoints: async () => (await rpc.call<ProcessingStatus>('status')).warehouse.checkpoints,
    clock,
    logger,
    // Counted here, in the thread that runs retention.
    onDeleted: (table, rows) => metrics.monitor.retentionDeleted.inc({ table }, rows),
  });
  const admin: AdminSource = {
    status: async () => {
      // Processing first: the log read after it is never behind the checkpoint.
      const processing = await rpc.call<ProcessingStatus>('status');
      return { ...statusReport(log.stats(), processing, clock.now()), retention: retention.last() };
    },
    quarantine: (f) => rpc.call('quarantine', f),
    replay: (f) => rpc.call('replay', f),
    runModels: (o) => rpc.call('runModels', o),
    testModels: (o) => rpc.call('testModels', o),
    modelRuns: (limit) => rpc.call('modelRuns', limit),
    health: (o) => rpc.call('health', o),
    alerts: (limit) => rpc.call('alerts', limit),
    records: async (from, to) =>
      recordsOutcome(
        (query, params) => rpc.call('read', query, params),
        from,
        to,
        await rpc.call<number>('checkpoint'),
      ),
  };
  const reads: DashboardReads = {
    read: (query, params) => rpc.call('read', query, params),
  };
  const lastHealth = () => rpc.call<HealthReport | null>('lastHealth');
  const health: HealthSource = {
    report: lastHealth,
    notReady: () =>
      readiness({ closing: () => closing, ping: () => rpc.call('ping'), report: lastHealth }),
  };
  return {
    log,
    admin,
    health,
    reads,
    metrics,
    /** The Prometheus exposition of both threads, with the store gauges read now. */
    scrape: async () => {
      const [status, worker] = await Promise.all([
        admin.status(),
        rpc.call<MetricsJson>('metrics'),
      ]);
      return scrape(metrics, status, [worker]);
    },
    processor: {
      start: async () => {
        await rpc.call<void>('start');
        retention.start();
      },
      drain: () => rpc.call<void>('drain'),
      /** The processor alone, without the model and monitor schedulers. */
      startAlone: () => rpc.call<void>('startProcessor'),
      checkpoint: () => rpc.call<number>('checkpoint'),
    },
    /** Stops the processor after its batch in hand, then closes everything. */
    async close(): Promise<void> {
      closing = true;
      await retention.stop();
      stopNotices();
      await rpc.call('close');
      await worker.terminate();
      await log.close();
      await unlock();
    },
  };
}
