import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { loadConfig } from '../src/core/config.js';
import { parseWriteKeys } from '../src/core/config.js';
import { silentLogger } from '../src/core/logger.js';
import type { Clock } from '../src/core/clock.js';
import { systemClock } from '../src/core/clock.js';
import { createCollector } from '../src/collect/app.js';
import { createAdmin } from '../src/serve/admin.js';
import { openRuntime } from '../src/cli/runtime.js';

export async function tempDir(prefix = 'storepulse-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** A real instance: file log + DuckDB file in a temp folder, a listening HTTP server. */
export async function startInstance(
  opts: { flags?: Record<string, unknown>; clock?: Clock; dir?: string; processor?: boolean } = {},
) {
  const dir = opts.dir ?? (await tempDir());
  const clock = opts.clock ?? systemClock;
  const config = loadConfig(
    {},
    {
      dataDir: dir,
      'collector.writeKeys': 'test-key:shop1,other-key:shop2',
      'http.port': 0,
      ...opts.flags,
    },
  );
  const rt = await openRuntime(config, silentLogger, clock);
  const c = config.collector;
  const app = new Hono();
  app.route(
    '/',
    createCollector(
      { log: rt.log, clock, logger: silentLogger },
      { ...c, writeKeys: parseWriteKeys(c.writeKeys) },
    ),
  );
  app.route('/', createAdmin(rt.admin));
  if (opts.processor !== false) rt.processor.start();
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => server.once('listening', r));
  const addr = server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    dir,
    url,
    rt,
    app,
    async post(path: string, body: unknown, headers: Record<string, string> = {}) {
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: basic('test-key'),
          ...headers,
        },
        body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
      });
      return {
        status: res.status,
        headers: res.headers,
        json: (await res.json()) as Record<string, unknown>,
      };
    },
    async query(sql: string): Promise<Record<string, unknown>[]> {
      return rt.warehouse.query(sql);
    },
    async close(removeDir = true) {
      await new Promise<void>((r) => server.close(() => r()));
      await rt.close();
      if (removeDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
