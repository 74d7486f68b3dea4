import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/core/config.js';
import { silentLogger } from '../src/core/logger.js';
import type { Clock } from '../src/core/clock.js';
import { systemClock } from '../src/core/clock.js';
import { openRuntime } from '../src/cli/runtime.js';
import { closeServer, createApps, listen } from '../src/cli/server.js';

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
  if (opts.processor !== false) rt.processor.start();
  const apps = createApps(rt, config, clock, silentLogger);
  const { server, url } = await listen(apps.main, '127.0.0.1', 0);
  return {
    dir,
    url,
    rt,
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
      apps.close();
      await closeServer(server);
      await rt.close();
      if (removeDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
