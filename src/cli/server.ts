import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Server } from 'node:http';
import type { Config } from '../core/config.js';
import { parseWriteKeys } from '../core/config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { createCollector } from '../collect/app.js';
import { createAdmin } from '../serve/admin.js';
import type { EventLog } from '../core/ports.js';
import type { AdminSource } from '../serve/admin.js';

/** The one HTTP app: the collector's tracking API beside the operator's API. */
export function createApp(
  rt: { log: EventLog; admin: AdminSource },
  config: Readonly<Config>,
  clock: Clock,
  logger: Logger,
): Hono {
  const c = config.collector;
  const app = new Hono();
  app.route(
    '/',
    createCollector(
      { log: rt.log, clock, logger },
      { ...c, writeKeys: parseWriteKeys(c.writeKeys) },
    ),
  );
  app.route('/', createAdmin(rt.admin));
  return app;
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
