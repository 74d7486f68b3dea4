import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/paths.js';
import type { QuarantineRow } from '../../src/core/ports.js';
import type { HealthReport } from '../../src/monitor/types.js';
import type { StatusReport } from '../../src/serve/status.js';
import { basic, tempDir } from '../helpers.js';
import { collectorAndProcessor, roleEnv, scaleSpace, stored, until, WRITE_KEY } from './harness.js';

/**
 * The operator commands (`status`, `quarantine list|replay`, `monitor`, `models run`) of the
 * built CLI, pointed at a scaled-out pipeline by --log and --warehouse or by the environment
 * the roles use: they read NATS and PostgreSQL, not an embedded data folder of their own.
 */
const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

const viewed = (id: string, price: number) => ({
  type: 'track',
  event: 'Product Viewed',
  messageId: id,
  userId: `user-${id}`,
  properties: { product_id: 'sku-1', price, currency: 'USD' },
});

it(
  'status, quarantine, monitor and models look at NATS and PostgreSQL when given them',
  { timeout: 120_000 },
  async () => {
    const space = await scaleSpace();
    cleanup.push(() => space.drop());
    const { url } = await collectorAndProcessor(space.config(), cleanup);
    const events = [viewed('a', 5), viewed('b', -1), viewed('c', 7), viewed('d', -2)];
    const res = await fetch(`${url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic(WRITE_KEY) },
      body: JSON.stringify({ batch: events }),
    });
    expect(res.status).toBe(200);
    const warehouse = space.flags['warehouse.url'];
    await until(async () => (await stored(warehouse)).rows === 2, 30_000, 'the good events');

    const cwd = await tempDir('sp-operator-');
    const env = roleEnv(space.flags);
    const cli = (args: string[], vars: Record<string, string | undefined> = env) =>
      promisify(execFile)(process.execPath, [CLI, ...args], {
        cwd,
        env: { PATH: process.env.PATH, STOREPULSE_LOG_LEVEL: 'silent', ...vars },
      }).then(
        (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );

    const status = await cli(['status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    const s = JSON.parse(status.stdout) as StatusReport & { health: HealthReport };
    expect(s.warehouse).toMatchObject({
      silverEvents: 2,
      quarantineByReason: { negative_price: 2 },
    });
    // The broker counts messages (each holds many events), and says so.
    expect(s.lag).toMatchObject({ events: 0, unit: 'messages' });
    expect(s.log.lastSeq).toBeGreaterThan(0);
    expect(s.health.checks.map((c) => c.check)).toContain('lag');

    expect((await cli(['status'])).stdout).toMatch(/\n  lag +0 messages, /);

    // The flags say the same as the environment.
    const { STOREPULSE_LOG: log, STOREPULSE_WAREHOUSE: wh, ...names } = env;
    const flagged = await cli(['status', '--json', '--log', log, '--warehouse', wh], names);
    expect((JSON.parse(flagged.stdout) as StatusReport).warehouse.silverEvents).toBe(2);

    const list = await cli(['quarantine', 'list', '--json']);
    const rows = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as QuarantineRow);
    expect(rows.map((r) => r.message_id).sort()).toEqual(['b', 'd']);
    expect(rows[0]!.raw).toContain('"price":-1');

    const replay = await cli(['quarantine', 'replay']);
    expect(replay.stdout).toContain('examined 2, stored 0');
    expect(replay.stdout).toContain('still negative_price: 2');

    const monitor = await cli(['monitor']);
    expect(monitor.code, monitor.stderr).toBe(0);
    expect(monitor.stdout).toMatch(/\[ ok \] lag +Processing: no lag/);

    const models = await cli(['models', 'run']);
    expect(models.code).toBe(1);
    expect(models.stderr).toContain('(models_on_scheduler)');

    const half = await cli(['status'], { STOREPULSE_LOG: log });
    expect(half.code).toBe(1);
    expect(half.stderr).toContain(
      'a scaled-out pipeline needs a PostgreSQL warehouse: --warehouse',
    );
    // None of them opened an embedded data folder where they ran.
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  },
);
