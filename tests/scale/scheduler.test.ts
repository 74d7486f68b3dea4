import { afterAll, expect, it } from 'vitest';
import pg from 'pg';
import { silentLogger } from '../../src/core/logger.js';
import { systemClock } from '../../src/core/clock.js';
import { openSchedulerRole, SCHEDULER_LOCK } from '../../src/cli/roles/scheduler.js';
import { scaleSpace, until } from './harness.js';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

/** Model runs recorded in the warehouse (every scheduler writes to the same ops_runs). */
async function runs(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>(
      "select count(*) as n from ops_runs where trigger = 'schedule'",
    );
    return Number(r.rows[0]!.n);
  } finally {
    await client.end();
  }
}

it(
  'exactly one scheduler acts at a time; another takes over when it dies',
  { timeout: 120_000 },
  async () => {
    const space = await scaleSpace();
    cleanup.push(() => space.drop());
    // The lock is keyed by the database too: schedulers of other databases never meet it.
    expect(SCHEDULER_LOCK).toBeGreaterThan(0);
    const config = space.config({
      'models.intervalSeconds': 1,
      'models.testIntervalSeconds': 0,
      'retention.intervalMinutes': 0,
    });
    const a = await openSchedulerRole(config, silentLogger, systemClock, { pollMs: 200 });
    const b = await openSchedulerRole(config, silentLogger, systemClock, { pollMs: 200 });
    cleanup.push(
      () => a.close(),
      () => b.close(),
    );
    await until(async () => a.leading() || b.leading(), 10_000, 'a leader');
    await new Promise((r) => setTimeout(r, 600));
    expect([a.leading(), b.leading()].filter(Boolean)).toHaveLength(1);
    const url = space.flags['warehouse.url'];
    await until(async () => (await runs(url)) >= 2, 60_000, 'two scheduled model runs');

    const [leader, follower] = a.leading() ? [a, b] : [b, a];
    await leader.close();
    await until(async () => follower.leading(), 10_000, 'the follower to take over');
    const before = await runs(url);
    await until(async () => (await runs(url)) > before, 60_000, 'a run by the new leader');
  },
);
