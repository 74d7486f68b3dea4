import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../core/config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { FileLog } from '../adapters/file-log/file-log.js';
import type { AdminSource } from '../serve/admin.js';
import { statusReport } from '../serve/status.js';
import { openEngines } from './engines.js';
import { lockDataDir } from './lock.js';

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
  const engines = await openEngines(config, logger, clock, log).catch(async (err: unknown) => {
    await log.close();
    await unlock();
    throw err;
  });
  const admin: AdminSource = {
    status: async () => {
      const processing = await engines.status();
      return statusReport(log.stats(), processing, clock.now());
    },
    quarantine: engines.quarantine,
    replay: engines.replay,
    runModels: (o) => engines.models.run(o),
    testModels: (o) => engines.models.test(o),
    modelRuns: (limit) => engines.models.runs(limit),
  };
  return {
    log,
    warehouse: engines.warehouse,
    processor: engines.processor,
    models: engines.models,
    scheduler: engines.scheduler,
    reads: engines.reads,
    admin,
    async close(): Promise<void> {
      await engines.close();
      await log.close();
      await unlock();
    },
  };
}

export type Runtime = Awaited<ReturnType<typeof openRuntime>>;
