import type { Config } from '../../core/config.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { HttpError } from '../../core/errors.js';
import { createMetrics } from '../../core/metrics.js';
import { MODELS_DIR } from '../../core/paths.js';
import { createModelService, settingsFrom } from '../../model/service.js';
import { replayQuarantine } from '../../process/replay.js';
import { createReads } from '../../serve/api/reads.js';
import type { AdminSource } from '../../serve/admin.js';
import { readiness } from '../../serve/health.js';
import { scrape } from '../../serve/metrics.js';
import { recordsOutcome } from '../../serve/outcome.js';
import { pipelineFrom } from '../engines.js';
import { openBroker, openSharedWarehouse, scaleMonitor, scaleStatus } from '../scale.js';

const READ_SESSIONS = 3;

/**
 * `storepulse dashboard`: the pages, `/api/v1` and the operator's API over the shared
 * warehouse, with no tracking API. Stateless: run one per region or behind a balancer.
 * Health is computed here from the same checks the scheduler runs (a read-only monitor:
 * alerts are opened, resolved and notified by the scheduler alone). `watch: false` for a
 * one-shot operator command: health is then checked when asked, not every minute.
 */
export async function openDashboardRole(
  config: Readonly<Config>,
  logger: Logger,
  clock: Clock,
  { watch: background = true } = {},
) {
  const broker = await openBroker(config, logger, 'dashboard');
  const warehouse = await openSharedWarehouse(config, clock);
  const sessions = [];
  for (let i = 0; i < READ_SESSIONS; i++) sessions.push(await warehouse.openSession());
  const reads = createReads(sessions);
  const models = createModelService({
    session: await warehouse.openSession(),
    modelsDir: MODELS_DIR,
    settings: settingsFrom(config),
    clock,
  });
  const metrics = createMetrics({ defaults: true });
  const watch = await scaleMonitor(
    config,
    { broker, warehouse },
    { clock, logger, metrics, readOnly: true },
  );
  if (background) watch.scheduler.start();
  const pipeline = pipelineFrom(config, clock);
  const status = () => scaleStatus(broker, warehouse, clock.now());
  const admin: AdminSource = {
    status,
    quarantine: (f) => warehouse.listQuarantine({ ...f, unresolvedOnly: true }),
    replay: (f) => replayQuarantine({ warehouse, pipeline, now: () => clock.now() }, f),
    runModels: () => Promise.reject(onScheduler()),
    testModels: () => Promise.reject(onScheduler()),
    modelRuns: (limit) => models.runs(limit),
    health: async (o) => (!o.run && watch.monitor.last()) || watch.monitor.run(),
    alerts: (limit) => watch.monitor.history(limit),
    records: async (from, to) =>
      recordsOutcome(
        (q, p) => reads.read(q, p),
        from,
        to,
        (await status()).warehouse.checkpoints.silver ?? 0,
      ),
  };
  let closing = false;
  const lastHealth = () => Promise.resolve(watch.monitor.last());
  return {
    log: null,
    admin,
    reads,
    metrics,
    health: {
      report: lastHealth,
      notReady: () =>
        readiness({ closing: () => closing, ping: () => warehouse.ping(), report: lastHealth }),
    },
    scrape: async () => scrape(metrics, await status()),
    async close(): Promise<void> {
      closing = true;
      await watch.close();
      await models.close();
      await reads.close();
      await warehouse.close();
      await broker.close();
    },
  };
}

const onScheduler = () =>
  new HttpError(
    503,
    'models_on_scheduler',
    'models run on the scheduler role (storepulse scheduler), once for all dashboards',
  );
