import { Hono } from 'hono';
import type { Config } from '../../core/config.js';
import { parseWriteKeys } from '../../core/config.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { createMetrics, exposition } from '../../core/metrics.js';
import { createCollector } from '../../collect/app.js';
import { createHealthRoutes } from '../../serve/health.js';
import { metricsHandler } from '../../serve/metrics.js';
import { requireToken } from '../../serve/access.js';
import { openBroker } from '../scale.js';

/**
 * `storepulse collector`: the tracking API alone, publishing to the shared log. Stateless:
 * run as many as the traffic needs behind a load balancer. Ready while the broker is
 * connected; a request is answered 200 only after the broker acknowledged its events, and
 * 503 with Retry-After when it cannot be.
 */
export async function openCollectorRole(config: Readonly<Config>, logger: Logger, clock: Clock) {
  const broker = await openBroker(config, logger, 'collector');
  const log = await broker.writer();
  const metrics = createMetrics({ defaults: true });
  const c = config.collector;
  const app = new Hono();
  app.route(
    '/',
    createHealthRoutes({
      report: () => Promise.resolve(null),
      notReady: () => Promise.resolve(broker.problems()),
    }),
  );
  app.route(
    '/',
    createCollector(
      { log, clock, logger, metrics },
      { ...c, writeKeys: parseWriteKeys(c.writeKeys) },
    ),
  );
  app.get(
    '/metrics',
    requireToken(config.dashboard.token),
    metricsHandler(() => exposition(metrics)),
  );
  return {
    app,
    log,
    async close(): Promise<void> {
      await log.close();
      await broker.close();
    },
  };
}
