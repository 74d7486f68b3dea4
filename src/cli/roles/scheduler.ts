import type { Config } from '../../core/config.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { createMetrics } from '../../core/metrics.js';
import { PgLeadership } from '../../adapters/postgres/leader.js';
import { createScheduler } from '../../schedule/scheduler.js';
import { scheduledModels } from '../model-refresh.js';
import { createRetention } from '../retention.js';
import { openBroker, openSharedWarehouse, scaleMonitor } from '../scale.js';

/** The advisory lock key of the scheduler role ("storepulse" in a 31-bit number). */
export const SCHEDULER_LOCK = 0x5370_5363;

/**
 * `storepulse scheduler`: model refreshes, data tests, warehouse retention and the monitor
 * (checks, alerts, notifications), run once
 * however many schedulers are started. Each checks the PostgreSQL advisory lock every
 * `pollMs`; the holder acts, the others wait, and when the holder dies (its connection ends,
 * the server frees the lock) the next check of another takes over. Bronze retention is the
 * stream's own max_age.
 */
export async function openSchedulerRole(
  config: Readonly<Config>,
  logger: Logger,
  clock: Clock,
  opts: { pollMs?: number } = {},
) {
  const warehouse = await openSharedWarehouse(config, clock);
  const broker = await openBroker(config, logger, 'scheduler');
  const metrics = createMetrics({ defaults: true });
  const watch = await scaleMonitor(
    config,
    { broker, warehouse },
    { clock, logger, metrics, readOnly: false },
  );
  const { models, scheduler: refresh } = scheduledModels(config, await warehouse.openSession(), {
    clock,
    logger,
    metrics,
  });
  const retention = createRetention(config.retention, {
    log: { pruneBefore: () => Promise.resolve({ segments: 0, records: 0, bytes: 0 }) },
    warehouse,
    checkpoints: async () => (await warehouse.status()).checkpoints,
    clock,
    logger,
  });
  const leader = new PgLeadership(config.warehouse.url, SCHEDULER_LOCK);
  let leading = false;
  const follow = async (): Promise<void> => {
    const held = await leader.check();
    if (held === leading) return;
    leading = held;
    logger.info({ leading }, held ? 'scheduler took the lead' : 'scheduler lost the lead');
    const jobs = [refresh, retention, watch.scheduler];
    if (held) for (const job of jobs) job.start();
    else await Promise.all(jobs.map((job) => job.stop()));
  };
  const poll = createScheduler(
    'leadership',
    { intervalMs: opts.pollMs ?? 2000, retries: 0, retryBackoffMs: 1000 },
    follow,
    { clock, logger },
  );
  poll.start();
  return {
    models,
    leading: (): boolean => leading,
    async close(): Promise<void> {
      await poll.stop();
      await Promise.all([refresh.stop(), retention.stop()]);
      await watch.close();
      await leader.release();
      await models.close();
      await warehouse.close();
      await broker.close();
    },
  };
}
