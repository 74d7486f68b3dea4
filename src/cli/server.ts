import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Server } from 'node:http';
import type { Config } from '../core/config.js';
import { parseWriteKeys } from '../core/config.js';
import type { Clock } from '../core/clock.js';
import { HttpError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Exposition, Metrics } from '../core/metrics.js';
import { createCollector } from '../collect/app.js';
import { createAdmin } from '../serve/admin.js';
import type { LogWriter } from '../core/ports.js';
import type { AdminSource } from '../serve/admin.js';
import { requireToken } from '../serve/access.js';
import { createApi } from '../serve/api/app.js';
import type { ApiContext } from '../serve/api/endpoint.js';
import { localDay } from '../serve/api/range.js';
import type { DashboardReads } from '../serve/api/reads.js';
import { createLiveFeed } from '../serve/api/stream.js';
import { createWeb } from '../serve/web.js';
import { metricsHandler } from '../serve/metrics.js';
import { createHealthRoutes, type HealthSource } from '../serve/health.js';

interface Parts {
  /** The log the collector appends to; null serves the dashboard alone (no tracking API). */
  log: LogWriter | null;
  admin: AdminSource;
  reads: DashboardReads;
  health: HealthSource;
  metrics: Metrics;
  scrape(): Promise<Exposition>;
}

/**
 * The HTTP apps: the collector's tracking API, and the dashboard (pages, /api/v1) with the
 * operator's API behind the optional access token. One app serves both unless the
 * dashboard has a port of its own (`dashboard.port`).
 */
export function createApps(rt: Parts, config: Readonly<Config>, clock: Clock, logger: Logger) {
  const c = config.collector;
  const collector =
    rt.log &&
    createCollector(
      { log: rt.log, clock, logger, metrics: rt.metrics },
      { ...c, writeKeys: parseWriteKeys(c.writeKeys) },
    );
  const tz = config.models.reportTimeZone;
  const ctx: ApiContext = {
    reads: { read: (query, params) => rt.reads.read(query, params).catch(notReady) },
    status: () => rt.admin.status(),
    modelRuns: (limit) => rt.admin.modelRuns(limit),
    health: () => rt.admin.health({ run: false }),
    alerts: (limit) => rt.admin.alerts(limit),
    reportTimeZone: tz,
    now: () => clock.now(),
    today: () => localDay(clock.now(), tz),
  };
  const feed = createLiveFeed(
    ctx.reads,
    { intervalMs: config.dashboard.liveIntervalMs, now: () => clock.now() },
    logger,
  );
  const dashboard = new Hono();
  dashboard.use('*', requireToken(config.dashboard.token));
  dashboard.route('/', createApi(ctx, feed, logger));
  dashboard.route('/', createAdmin(rt.admin));
  dashboard.route('/', createWeb());
  const separate = config.dashboard.port !== undefined;
  const main = new Hono();
  main.route('/', createHealthRoutes(rt.health));
  if (collector) main.route('/', collector);
  main.get(
    '/metrics',
    requireToken(config.dashboard.token),
    metricsHandler(() => rt.scrape()),
  );
  if (!separate) main.route('/', dashboard);
  return {
    main,
    dashboard: separate ? dashboard : null,
    /** Ends the live streams, so closing the server does not wait for them. */
    close: () => feed.close(),
  };
}

/** A read before the first model run meets no marts: the page says so instead of failing. */
function notReady(err: unknown): never {
  if (/does not exist/i.test(String((err as Error)?.message))) {
    throw new HttpError(
      503,
      'not_ready',
      'the marts are not built yet: the first model run builds them (storepulse models run)',
      { 'retry-after': '10' },
    );
  }
  throw err;
}

/** Listens and resolves with the server and its URL (port 0 picks a free port). */
export async function listen(
  app: Hono,
  host: string,
  port: number,
): Promise<{ server: Server; url: string }> {
  const server = serve({ fetch: app.fetch, hostname: host, port }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return { server, url: `http://${host}:${actual}` };
}

/** Stops taking requests and resolves when the ones in flight have finished. */
export async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await closed;
}
