import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../core/config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { FileLog } from '../adapters/file-log/file-log.js';
import { DuckDbWarehouse } from '../adapters/duckdb/warehouse.js';
import { createPipeline } from '../process/pipeline.js';
import { createProcessor } from '../process/processor.js';
import { replayQuarantine } from '../process/replay.js';
import { buildStatus } from '../serve/status.js';
import type { AdminSource } from '../serve/admin.js';

export const CONSUMER = 'silver';

/** The composition root of the embedded engines: the file log and the DuckDB warehouse. */
export async function openRuntime(config: Readonly<Config>, logger: Logger, clock: Clock) {
  await mkdir(config.dataDir, { recursive: true });
  const warehouse = await DuckDbWarehouse.open(join(config.dataDir, 'warehouse.duckdb'), clock);
  await warehouse.migrate();
  const log = await FileLog.open({
    dir: join(config.dataDir, 'log'),
    fsync: config.log.fsync,
    segmentBytes: config.log.segmentBytes,
  });
  const p = config.processor;
  const pipeline = createPipeline(
    {
      maxFutureMs: p.maxFutureHours * 3_600_000,
      defaultCurrency: p.defaultCurrency,
      uaCacheSize: 10_000,
    },
    () => clock.now(),
  );
  const processor = createProcessor(
    { log, warehouse, pipeline, clock, logger },
    {
      consumer: CONSUMER,
      batchSize: p.batchSize,
      idleWaitMs: p.idleWaitMs,
      maxBackoffMs: p.maxBackoffMs,
    },
  );
  await processor.init();
  const admin: AdminSource = {
    status: () => buildStatus({ log, warehouse, consumer: CONSUMER, processor, now: clock.now() }),
    quarantine: (f) => warehouse.listQuarantine({ ...f, unresolvedOnly: true }),
    replay: (f) => replayQuarantine({ warehouse, pipeline, now: () => clock.now() }, f),
  };
  return {
    log,
    warehouse,
    pipeline,
    processor,
    admin,
    async close(): Promise<void> {
      await processor.stop();
      await log.close();
      await warehouse.close();
    },
  };
}

export type Runtime = Awaited<ReturnType<typeof openRuntime>>;
