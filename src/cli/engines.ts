import { join } from 'node:path';
import type { Config } from '../core/config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Metrics } from '../core/metrics.js';
import type { LogReader, QuarantineRow, ReplaySummary } from '../core/ports.js';
import { DuckDbWarehouse } from '../adapters/duckdb/warehouse.js';
import { createPipeline, type Pipeline } from '../process/pipeline.js';
import { createProcessor } from '../process/processor.js';
import { replayQuarantine } from '../process/replay.js';
import { processingStatus, type ProcessingStatus } from '../serve/status.js';
import { scheduledModels } from './model-refresh.js';
import { createReads } from '../serve/api/reads.js';
import { logPosition, openMonitor } from './monitoring.js';

/** Read sessions for the dashboard: three queries run at once, beside the writer. */
const READ_SESSIONS = 3;

export const CONSUMER = 'silver';

/** The pipeline as configured: every processor, embedded or scaled out, runs this one. */
export function pipelineFrom(config: Readonly<Config>, clock: Clock): Pipeline {
  const p = config.processor;
  return createPipeline(
    {
      maxFutureMs: p.maxFutureHours * 3_600_000,
      defaultCurrency: p.defaultCurrency,
      uaCacheSize: 10_000,
    },
    () => clock.now(),
  );
}

/**
 * The processing side of the embedded mode: the DuckDB warehouse, the pipeline and the
 * processor reading a log. `storepulse start` runs it in a worker thread; tests and the
 * offline operator commands run it inline. It counts into `metrics`: the worker thread's
 * own, or the one the inline runtime shares with its collector.
 */
export async function openEngines(
  config: Readonly<Config>,
  logger: Logger,
  clock: Clock,
  log: LogReader,
  metrics: Metrics,
) {
  const warehouse = await DuckDbWarehouse.open(join(config.dataDir, 'warehouse.duckdb'), clock, {
    checkpointMb: config.warehouse.checkpointMb,
  });
  await warehouse.migrate();
  const p = config.processor;
  const pipeline = pipelineFrom(config, clock);
  const processor = createProcessor(
    { log, warehouse, pipeline, clock, logger, metrics },
    {
      consumer: CONSUMER,
      batchSize: p.batchSize,
      idleWaitMs: p.idleWaitMs,
      lingerMs: p.lingerMs,
      maxBackoffMs: p.maxBackoffMs,
    },
  );
  await processor.init();
  const { models, scheduler } = scheduledModels(config, await warehouse.openSession(), {
    clock,
    logger,
    metrics,
  });
  const sessions = [];
  for (let i = 0; i < READ_SESSIONS; i++) sessions.push(await warehouse.openSession());
  const reads = createReads(sessions);
  const status = (): Promise<ProcessingStatus> =>
    processingStatus({ log, warehouse, consumer: CONSUMER, processor });
  const watch = openMonitor(config, {
    session: await warehouse.openSession(),
    position: logPosition(log, status, clock),
    databaseFile: join(config.dataDir, 'warehouse.duckdb'),
    clock,
    logger,
    metrics,
  });
  return {
    warehouse,
    processor,
    models,
    scheduler,
    reads,
    monitor: watch.monitor,
    monitorScheduler: watch.scheduler,
    /** The newest report, or a run now; `run` always runs the checks first. */
    health: async (o: { run: boolean }) => (!o.run && watch.monitor.last()) || watch.monitor.run(),
    ping: async (): Promise<void> => {
      await warehouse.query('select 1');
    },
    status,
    quarantine: (f: { reason?: string | undefined; limit: number }): Promise<QuarantineRow[]> =>
      warehouse.listQuarantine({ ...f, unresolvedOnly: true }),
    replay: (f: { reason?: string | undefined; limit: number }): Promise<ReplaySummary> =>
      replayQuarantine({ warehouse, pipeline, now: () => clock.now() }, f),
    async close(): Promise<void> {
      await scheduler.stop();
      await watch.close();
      await processor.stop();
      await models.close();
      await reads.close();
      await warehouse.close();
    },
  };
}

export type Engines = Awaited<ReturnType<typeof openEngines>>;
