import { randomInt } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PgLeadership } from '../../src/adapters/postgres/leader.js';

const URL = `${process.env.STOREPULSE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432'}/postgres`;
// A key of this run only: other test files may hold their own at the same time.
const KEY = randomInt(1, 2 ** 31 - 1);
const leaders: PgLeadership[] = [];
const leader = () => {
  const l = new PgLeadership(URL, KEY);
  leaders.push(l);
  return l;
};

afterAll(async () => {
  for (const l of leaders) await l.release();
});

/** Ends the lock holder's connection from outside, as a killed process or a broken network does. */
async function killHolder(): Promise<number> {
  const admin = new pg.Client({ connectionString: URL });
  await admin.connect();
  const r = await admin.query(
    `select pg_terminate_backend(pid) from pg_locks
     where locktype = 'advisory' and objid = $1 and granted`,
    [KEY],
  );
  await admin.end();
  return r.rowCount ?? 0;
}

describe('scheduler leadership (PostgreSQL advisory lock)', () => {
  it('one holder at a time; another takes over when the holder dies', async () => {
    const a = leader();
    const b = leader();
    expect(await a.check()).toBe(true);
    expect(await b.check()).toBe(false);
    expect(await a.check()).toBe(true);
    expect(await b.check()).toBe(false);

    expect(await killHolder()).toBe(1);
    // The dead holder learns it on its next check; the other takes the lead once the killed
    // backend has exited (pg_terminate_backend only signals it).
    await expect.poll(() => b.check(), { timeout: 10_000 }).toBe(true);
    expect(await a.check()).toBe(false);

    await b.release();
    expect(await a.check()).toBe(true);
  });
});
