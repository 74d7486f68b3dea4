import { randomBytes } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getJson, startChild, stopChild } from '../bench/lib/child.js';
import { DuckDbWarehouse } from '../src/adapters/duckdb/warehouse.js';
import { FileLog } from '../src/adapters/file-log/file-log.js';
import { FileLogReader } from '../src/adapters/file-log/reader.js';
import { PgSession } from '../src/adapters/postgres/session.js';
import { migrate } from '../src/adapters/sql/migrate.js';
import { pruneTables } from '../src/adapters/sql/retention.js';
import { formatStatus } from '../src/cli/format.js';
import { silentLogger } from '../src/core/logger.js';
import type { LogInput, SqlSession, WarehouseRetention } from '../src/core/ports.js';
import { toSqlTimestamp } from '../src/core/time.js';
import { runRetention } from '../src/monitor/retention.js';
import type { StatusReport } from '../src/serve/status.js';
import { startInstance, tempDir } from './helpers.js';

const DAY = 86_400_000;
const MIB = 1024 * 1024;
const OLD = Date.parse('2026-01-01T00:00:00Z');
const NEW = OLD + 40 * DAY; // the defaults keep 30 days (2 for per-second counters)

/** A settable clock: the instance's receive times, commits and runs all read it. */
function testClock(start: number) {
  let now = start;
  return { now: () => now, set: (t: number) => (now = t) };
}

/** 45 of these (about 25 KB each) pass 1 MiB: with 1 MiB segments, one batch a segment. */
const big = (id: string, at: number) => ({
  type: 'track',
  event: 'Product Viewed',
  messageId: id,
  anonymousId: 'anon-1',
  timestamp: new Date(at).toISOString(),
  properties: { product_id: 'p1', price: '5.00', pad: 'x'.repeat(25_000) },
});
const bigBatch = (prefix: string, at: number) =>
  Array.from({ length: 45 }, (_, i) => big(`${prefix}-${i}`, at));

const segmentFiles = async (dir: string) => (await readdir(join(dir, 'log'))).sort();

describe('retention of bronze (the log)', () => {
  it('deletes old segments only once processed, never the active one, and restarts cleanly', async () => {
    const clock = testClock(OLD);
    const flags = { 'log.segmentBytes': MIB };
    const sp = await startInstance({ clock, flags, processor: false });
    const post = async (path: string, body: unknown) =>
      expect((await sp.post(path, body)).status).toBe(200);
    await sp.post('/v1/track', '{not json'); // seq 1, segment 1 (a 400, kept for quarantine)
    await post('/v1/batch', { batch: bigBatch('a', OLD) }); // 2..46, segment 1
    await post('/v1/batch', { batch: bigBatch('b', OLD) }); // 47..91, segment 2
    await sp.rt.processor.drain();
    await post('/v1/batch', { batch: bigBatch('c', OLD) }); // 92..136, segment 3: not processed
    clock.set(NEW);
    await post('/v1/batch', { batch: bigBatch('d', NEW) }); // 137..181, segment 4: recent
    await post('/v1/batch', { batch: bigBatch('e', NEW) }); // 182..226, segment 5: active
    const files = await segmentFiles(sp.dir);
    expect(files.map((f) => parseInt(f, 10))).toEqual([1, 47, 92, 137, 182]);
    const sizes = await Promise.all(
      files.map(async (f) => (await stat(join(sp.dir, 'log', f))).size),
    );
    const bytesBefore = sp.rt.log.stats().bytes;

    // Old, but only segments 1 and 2 are below the checkpoint (91).
    const first = await sp.rt.retention.run();
    expect(first.bronzeUpToSeq).toBe(91);
    expect(first.cutoffs.bronze).toBe(new Date(NEW - 30 * DAY).toISOString());
    expect(first.deleted.bronze).toEqual({
      segments: 2,
      records: 91,
      bytes: sizes[0]! + sizes[1]!,
    });
    expect(await segmentFiles(sp.dir)).toEqual(files.slice(2));
    expect(first.deleted.tables.quarantine).toBe(1);
    expect(sp.rt.log.stats()).toMatchObject({
      firstSeq: 92,
      lastSeq: 226,
      bytes: bytesBefore - first.deleted.bronze.bytes,
    });

    // Processed now: segment 3 goes; 4 is recent and 5 is being written.
    await sp.rt.processor.drain();
    const second = await sp.rt.retention.run();
    expect(second.bronzeUpToSeq).toBe(226);
    expect(second.deleted.bronze).toEqual({ segments: 1, records: 45, bytes: sizes[2]! });
    expect(await segmentFiles(sp.dir)).toEqual(files.slice(3));
    const status = await sp.rt.admin.status();
    expect(status.log.firstSeq).toBe(137);
    expect(status.retention).toEqual(second);
    expect(formatStatus(status)).toContain(
      `retention      ${second.at}, deleted bronze 45 records, ` +
        `${(sizes[2]! / MIB).toFixed(1)} MiB (segments: 1), quarantine 0, ops_runs 0`,
    );
    expect(await count(sp, 'silver_events')).toBe(5 * 45);
    await sp.close(false);

    // A restart reads what is left, continues the sequence and stores each event once.
    const again = await startInstance({ clock, flags, dir: sp.dir });
    expect(again.rt.log.stats()).toMatchObject({ firstSeq: 137, lastSeq: 226 });
    expect((await again.post('/v1/batch', { batch: [big('f-0', NEW)] })).status).toBe(200);
    await again.rt.processor.drain();
    expect(again.rt.log.stats().lastSeq).toBe(227);
    expect(await count(again, 'silver_events')).toBe(5 * 45 + 1);
    expect(await count(again, 'quarantine')).toBe(0); // the bad JSON went in the first run
    await again.close();
  }, 60_000);

  it('keeps a reader in another thread reading when segments below it disappear', async () => {
    const dir = await tempDir();
    const log = await FileLog.open({ dir, segmentBytes: MIB, cacheRecords: 0 });
    // Two readers in the processor's place: their folder listings go stale.
    const reader = new FileLogReader(dir, 0);
    const behind = new FileLogReader(dir, 0);
    log.onDurable((seq) => [reader, behind].forEach((r) => r.advance(seq)));
    const input = (i: number): LogInput => ({
      receivedAt: OLD + i,
      writeKeyId: 'k',
      requestId: 'r',
      source: 'http',
      messageId: `m${i}`,
      kind: 'event',
      payload: JSON.stringify({ i, pad: 'p'.repeat(25_000) }),
    });
    const append = (from: number) =>
      log.append(Array.from({ length: 45 }, (_, i) => input(from + i)));
    await append(1); // segment 1: 1..45
    await append(46); // segment 2: 46..90
    await append(91); // segment 3: 91..135
    // One stops inside segment 3, the other at the end of segment 2.
    expect((await reader.read(0, 100)).map((r) => r.seq)).toEqual(range(1, 100));
    expect((await behind.read(0, 90)).map((r) => r.seq)).toEqual(range(1, 90));
    const pruned = await log.pruneBefore({ beforeMs: NEW, upToSeq: 90 });
    expect(pruned).toMatchObject({ segments: 2, records: 90 });
    await append(136); // segment 4: 136..180
    // Past the end of its segment, into one started after it listed the folder.
    expect((await reader.read(100, 100)).map((r) => r.seq)).toEqual(range(101, 180));
    // From a segment that is gone.
    expect((await behind.read(90, 10)).map((r) => r.seq)).toEqual(range(91, 100));
    // Records retention removed are skipped: a read from the start gets the oldest left.
    const fresh = new FileLogReader(dir, 180);
    expect((await fresh.read(0, 3)).map((r) => r.seq)).toEqual([91, 92, 93]);
    // Never what is not processed, however old; never the segment being written.
    expect(await log.pruneBefore({ beforeMs: NEW, upToSeq: 134 })).toEqual({
      segments: 0,
      records: 0,
      bytes: 0,
    });
    expect(await log.pruneBefore({ beforeMs: NEW, upToSeq: 180 })).toMatchObject({
      segments: 1,
      records: 45,
    });
    expect(log.stats().firstSeq).toBe(136);
    // ... nor a segment holding a record that arrived at or after the cutoff.
    await append(181); // segment 5
    expect(await log.pruneBefore({ beforeMs: OLD + 136, upToSeq: 225 })).toMatchObject({
      segments: 0,
    });
    await log.close();
    // Reopened: what a fresh process sees, with the newest receive times read from disk.
    const reopened = await FileLog.open({ dir, segmentBytes: MIB });
    expect(reopened.stats()).toMatchObject({ firstSeq: 136, lastSeq: 225 });
    expect(await reopened.pruneBefore({ beforeMs: OLD + 181, upToSeq: 225 })).toMatchObject({
      segments: 1,
      records: 45,
    });
    expect((await reopened.read(0, 1)).map((r) => r.seq)).toEqual([181]);
    await reopened.close();
    await rm(dir, { recursive: true });
  });
});

describe('retention in `storepulse start` (built: dist/)', () => {
  it('runs at start in the log’s thread, prunes the warehouse in the worker, shows in the status', async () => {
    const dir = await tempDir();
    const old = Date.now() - 40 * DAY;
    const seed = await startInstance({
      dir,
      clock: { now: () => old },
      flags: { 'log.segmentBytes': MIB },
    });
    await seed.post('/v1/track', '{not json'); // seq 1
    await seed.post('/v1/batch', { batch: bigBatch('a', old) }); // 2..46, segment 1
    await seed.post('/v1/batch', { batch: bigBatch('b', old) }); // 47..91, segment 2 (active)
    await seed.rt.processor.drain();
    const seconds = await count(seed, 'live_counters', `grain = 'second'`);
    await seed.close(false);
    const [first] = await segmentFiles(dir);
    const bytes = (await stat(join(dir, 'log', first!))).size;
    const child = await startChild(dir);
    try {
      let status = await getJson<StatusReport>(`${child.url}/admin/v1/status`);
      for (let i = 0; i < 100 && !status.retention; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = await getJson<StatusReport>(`${child.url}/admin/v1/status`);
      }
      expect(status.retention?.bronzeUpToSeq).toBe(91);
      expect(status.retention?.deleted).toEqual({
        bronze: { segments: 1, records: 46, bytes },
        tables: {
          quarantine: 1,
          ops_runs: 0,
          ops_model_runs: 0,
          ops_test_results: 0,
          ops_alerts: 0,
          live_counters: seconds,
        },
      });
      expect(seconds).toBe(1);
      expect(status.log.firstSeq).toBe(47);
      expect(status.warehouse.silverEvents).toBe(90);
    } finally {
      await stopChild(child, 'SIGKILL'); // what it wrote is durable; a clean stop is tested elsewhere
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('retention of the warehouse', () => {
  it('deletes old quarantine, ops history and per-second counters, never silver or gold', async () => {
    const clock = testClock(OLD);
    const sp = await startInstance({ clock, processor: false });
    const at = (t: number, id: string) => ({
      type: 'track',
      event: 'Product Viewed',
      messageId: id,
      anonymousId: 'anon-1',
      timestamp: new Date(t).toISOString(),
      properties: { product_id: 'p1', price: '5.00' },
    });
    const send = async (t: number, ids: string[], bad = true) => {
      clock.set(t);
      if (bad) await sp.post('/v1/track', '{not json');
      await sp.post('/v1/batch', { batch: ids.map((id) => at(t, id)) });
      await sp.rt.processor.drain();
    };
    await send(OLD, ['o-1', 'o-2', 'o-1']); // quarantined: bad JSON, a duplicate
    const runs = [];
    for (const t of [OLD + 60_000, OLD + 120_000]) {
      clock.set(t);
      runs.push((await sp.rt.models.run()).runId, (await sp.rt.models.test()).runId);
    }
    await send(NEW - 5 * DAY, ['m-1']); // quarantined: bad JSON, kept
    await send(NEW - 1 * DAY, ['n-1'], false);
    clock.set(NEW);
    const session = await sp.rt.warehouse.openSession();
    await insertAlerts(session, NEW);
    await session.close();

    const before = await tableCounts(sp);
    const byRun = async (table: string, runId: string) => count(sp, table, `run_id = '${runId}'`);
    const expected = {
      quarantine: 2,
      ops_runs: 2,
      ops_model_runs: await byRun('ops_model_runs', runs[0]!),
      ops_test_results: await byRun('ops_test_results', runs[1]!),
      ops_alerts: 1,
      live_counters: await count(
        sp,
        'live_counters',
        `grain = 'second' and bucket_at < '${toSqlTimestamp(NEW - 2 * DAY)}'`,
      ),
    };
    expect(expected.ops_model_runs).toBeGreaterThan(10);
    expect(expected.ops_test_results).toBeGreaterThan(10);
    // Seconds of the old sends go; those of the newest stay.
    expect(expected.live_counters).toBe(2);

    // 0 keeps everything.
    const deleted: [string, number][] = [];
    const deps = {
      log: sp.rt.log,
      warehouse: sp.rt.warehouse,
      checkpoints: async () => (await sp.rt.warehouse.status()).checkpoints,
      logger: silentLogger,
      onDeleted: (table: string, rows: number) => deleted.push([table, rows]),
    };
    const zero = { bronzeDays: 0, quarantineDays: 0, opsDays: 0, liveSecondsDays: 0 };
    const defaults = { bronzeDays: 30, quarantineDays: 30, opsDays: 30, liveSecondsDays: 2 };
    const kept = await runRetention(deps, zero, NEW);
    expect(kept.cutoffs).toEqual({ bronze: null, quarantine: null, ops: null, liveSeconds: null });
    expect(kept.deleted).toEqual({ bronze: { segments: 0, records: 0, bytes: 0 }, tables: {} });
    expect(deleted).toEqual([]);
    expect(await tableCounts(sp)).toEqual(before);

    // The defaults: 30 days, 2 for per-second counters.
    const report = await runRetention(deps, defaults, NEW);
    expect(report.deleted.tables).toEqual(expected);
    expect(deleted).toEqual([['bronze', 0], ...Object.entries(expected)]);
    // Only these rows went: every silver table and every table the models built is as it was.
    expect(before.silver_events).toBe(4);
    const gold = Object.entries(before).filter(([t, n]) => /^(mart|fct|dim)_/.test(t) && n > 0);
    expect(gold.length).toBeGreaterThan(5);
    expect(before).toMatchObject({ quarantine: 3, ops_runs: 4, ops_alerts: 3 });
    const minus = (table: string, n: number) => ({ [table]: before[table]! - n });
    expect(await tableCounts(sp)).toEqual({
      ...before,
      ...minus('quarantine', 2),
      ...minus('ops_runs', 2),
      ...minus('ops_model_runs', expected.ops_model_runs),
      ...minus('ops_test_results', expected.ops_test_results),
      ...minus('ops_alerts', 1),
      ...minus('live_counters', expected.live_counters),
      ...minus('live_counters:second', expected.live_counters),
    });
    // The newest models run and tests run stay, old as they are, with their rows.
    const left = await sp.query('select run_id from ops_runs');
    expect(left.map((r) => r.run_id).sort()).toEqual(runs.slice(2).sort());
    expect(await byRun('ops_model_runs', runs[2]!)).toBe(
      before.ops_model_runs! - expected.ops_model_runs,
    );
    expect(await byRun('ops_test_results', runs[3]!)).toBe(
      before.ops_test_results! - expected.ops_test_results,
    );
    await sp.close();
  }, 120_000);

  it('runs the same statements on PostgreSQL and DuckDB with the same counts', async () => {
    const server = process.env.STOREPULSE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
    const database = `sp_retention_${randomBytes(6).toString('hex')}`;
    const admin = await PgSession.connect(`${server}/postgres`);
    await admin.exec(`create database ${database}`);
    const pg = await PgSession.connect(`${server}/${database}`);
    const duck = await DuckDbWarehouse.open(':memory:', { now: () => NEW });
    await duck.migrate();
    const duckSession = await duck.openSession();
    const cutoffs: WarehouseRetention = {
      quarantineBefore: NEW - 30 * DAY,
      opsBefore: NEW - 30 * DAY,
      liveSecondsBefore: NEW - 2 * DAY,
    };
    try {
      await migrate(pg, NEW, 'postgres');
      const results = [];
      for (const session of [pg, duckSession]) {
        await seedOps(session);
        results.push(await pruneTables(session, cutoffs));
        results.push(await pruneTables(session, cutoffs)); // nothing left to delete
      }
      expect(results).toEqual([SEEDED, NOTHING, SEEDED, NOTHING]);
      expect(await duck.prune(cutoffs)).toEqual(NOTHING);
    } finally {
      await duckSession.close();
      await duck.close();
      await pg.close();
      await admin.exec(`drop database if exists ${database} with (force)`);
      await admin.close();
    }
  }, 60_000);
});

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** An instance, or anything else that answers read queries. */
interface Queryable {
  query(sql: string): Promise<Record<string, unknown>[]>;
}

async function count(db: Queryable, table: string, where = 'true'): Promise<number> {
  const [row] = await db.query(`select count(*) as n from ${table} where ${where}`);
  return Number(row!.n);
}

/** Rows of every table of ours: silver, gold, ops, quarantine, counters by grain. */
async function tableCounts(db: Queryable): Promise<Record<string, number>> {
  const tables = await db.query(
    `select table_name from information_schema.tables
     where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  );
  const out: Record<string, number> = {};
  for (const { table_name } of tables)
    out[String(table_name)] = await count(db, String(table_name));
  for (const grain of ['second', 'minute'])
    out[`live_counters:${grain}`] = await count(db, 'live_counters', `grain = '${grain}'`);
  return out;
}

async function insertAlerts(session: SqlSession, now: number): Promise<void> {
  const alert = (id: string, state: string, resolvedAt: number | null, openedAt: number) =>
    session.exec(
      `insert into ops_alerts (alert_id, check_name, severity, state, title, detail, value, unit,
        opened_at, updated_at, resolved_at) values ($1, 'lag', 'warning', $2, 't', 'd', 1, 's', $3, $3, $4)`,
      [
        id,
        state,
        toSqlTimestamp(openedAt),
        resolvedAt === null ? null : toSqlTimestamp(resolvedAt),
      ],
    );
  await alert('resolved-old', 'resolved', now - 31 * DAY, now - 32 * DAY); // goes
  await alert('open-old', 'open', null, now - 60 * DAY); // open: stays
  await alert('resolved-new', 'resolved', now - 29 * DAY, now - 60 * DAY); // stays
}

const SEEDED = {
  quarantine: 1,
  ops_runs: 3,
  ops_model_runs: 4,
  ops_test_results: 1,
  ops_alerts: 1,
  live_counters: 2,
};
const NOTHING = Object.fromEntries(Object.keys(SEEDED).map((t) => [t, 0]));

/** Old and new rows of each kind, the same on both engines. */
async function seedOps(session: SqlSession): Promise<void> {
  const ts = (t: number) => toSqlTimestamp(t);
  const run = (id: string, kind: string, t: number) =>
    session.exec(
      `insert into ops_runs (run_id, kind, trigger, started_at, status, selected)
       values ($1, $2, 'schedule', $3, 'success', 1)`,
      [id, kind, ts(t)],
    );
  const modelRow = (runId: string, model: string, t: number) =>
    session.exec(
      `insert into ops_model_runs (run_id, model, materialized, mode, started_at, duration_ms, status)
       values ($1, $2, 'table', 'full', $3, 1, 'success')`,
      [runId, model, ts(t)],
    );
  const testRow = (runId: string, t: number) =>
    session.exec(
      `insert into ops_test_results (run_id, test_name, model, test_type, severity, status, failures,
        started_at, duration_ms) values ($1, 'not_null_x', 'm', 'not_null', 'error', 'pass', 0, $2, 1)`,
      [runId, ts(t)],
    );
  // Models: two old runs go, the third (old too, but the newest) stays; tests: the old one
  // goes, the new one stays.
  for (const [id, t] of [
    ['m1', NEW - 50 * DAY],
    ['m2', NEW - 40 * DAY],
    ['m3', NEW - 35 * DAY],
  ] as const) {
    await run(id, 'models', t);
    await modelRow(id, 'a', t);
    if (id !== 'm3') await modelRow(id, 'b', t);
  }
  await run('t1', 'tests', NEW - 31 * DAY);
  await testRow('t1', NEW - 31 * DAY);
  await run('t2', 'tests', NEW - DAY);
  await testRow('t2', NEW - DAY);
  await insertAlerts(session, NEW);
  await session.exec(
    `insert into quarantine (seq, quarantined_at, received_at, reason, detail, write_key_id,
      request_id, source, raw) values (1, $1, $1, 'malformed_json', 'd', 'k', 'r', 'http', 'x'),
      (2, $2, $2, 'malformed_json', 'd', 'k', 'r', 'http', 'y')`,
    [ts(NEW - 31 * DAY), ts(NEW - 29 * DAY)],
  );
  const counter = (grain: string, t: number) =>
    session.exec(
      `insert into live_counters (grain, bucket_at, event_type, events, sessions_started, orders,
        gross_revenue, refunds) values ($1, $2, 'track', 1, 0, 0, 0, 0)`,
      [grain, ts(t)],
    );
  await counter('second', NEW - 3 * DAY);
  await counter('second', NEW - 2 * DAY - 1000);
  await counter('second', NEW - DAY);
  await counter('minute', NEW - 3 * DAY);
}
