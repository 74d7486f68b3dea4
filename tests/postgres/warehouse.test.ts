import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbWarehouse } from '../../src/adapters/duckdb/warehouse.js';
import { PgWarehouse } from '../../src/adapters/postgres/warehouse.js';
import { InfraError } from '../../src/core/errors.js';
import { rawInput, toLogInputs } from '../../src/core/log-input.js';
import type { LogRecord, SilverBatch, Warehouse } from '../../src/core/ports.js';
import { createGenerator } from '../../src/generate/index.js';
import { buildBatch } from '../../src/process/batch.js';
import { createPipeline } from '../../src/process/pipeline.js';
import { SILVER_TABLES } from '../models/pg-harness.js';

/**
 * The PostgreSQL warehouse against the DuckDB one and against itself: the same batches give
 * the same rows, redelivered records are dropped, concurrent processors store each key once,
 * and failures are told apart (bad data, lost connection). Each test has its own database.
 */
const SERVER = process.env.STOREPULSE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const START = Date.parse('2026-10-30T00:00:00Z');
const MAX_FUTURE_MS = 86_400_000;
const clock = { now: () => START + 7 * 86_400_000 };
const databases: string[] = [];
const open: Warehouse[] = [];

afterAll(async () => {
  for (const w of open) await w.close();
  await withAdmin(async (admin) => {
    for (const db of databases) await admin.query(`drop database if exists ${db} with (force)`);
  });
});

async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** A new database with C collation (strings sort by bytes, as in DuckDB); its URL. */
async function newDatabase(): Promise<string> {
  const name = `sp_wh_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) =>
    admin.query(
      `create database ${name} template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`,
    ),
  );
  databases.push(name);
  return `${SERVER}/${name}`;
}

async function pgWarehouse(url: string): Promise<PgWarehouse> {
  const w = await PgWarehouse.open(url, clock);
  open.push(w);
  await w.migrate();
  return w;
}

async function duckWarehouse(): Promise<DuckDbWarehouse> {
  const w = await DuckDbWarehouse.open(':memory:', clock);
  open.push(w);
  await w.migrate();
  return w;
}

/**
 * Seeded shop traffic, anomalies included (duplicates, malformed and oversized bodies, future
 * timestamps), as log records, and batches of them through the processor's pipeline.
 */
function shop(count: number) {
  const generator = createGenerator({ seed: 7, simulateFrom: START, eventsPerSecond: 0.02 });
  let wall = START;
  const pipeline = createPipeline(
    { maxFutureMs: MAX_FUTURE_MS, defaultCurrency: 'USD', uaCacheSize: 100 },
    () => wall,
  );
  const records: LogRecord[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const item = generator.next();
    const meta = { receivedAt: wall, writeKeyId: 'k', requestId: `r${seq}`, source: 'http' };
    if (item.kind === 'raw') {
      records.push({ ...rawInput(Buffer.from(item.body), meta, 'malformed_json'), seq });
      continue;
    }
    const at = Date.parse(String(item.event.timestamp));
    if (at < wall + MAX_FUTURE_MS) meta.receivedAt = wall = Math.max(wall, at);
    records.push({ ...toLogInputs([item.event], meta, 32 * 1024).inputs[0]!, seq });
  }
  const batch = (part: LogRecord[]) =>
    buildBatch(part, pipeline, wall, { consumer: 'silver', toSeq: part.at(-1)!.seq });
  return { records, batch };
}

/** Hand-made events: a page view, or an order when `orderId` is given. */
const testPipeline = createPipeline(
  { maxFutureMs: MAX_FUTURE_MS, defaultCurrency: 'USD', uaCacheSize: 10 },
  clock.now,
);
function record(seq: number, messageId: string, orderId?: string, name = 'Mug'): LogRecord {
  const event = orderId
    ? {
        type: 'track',
        event: 'Order Completed',
        messageId,
        userId: `u${seq % 7}`,
        timestamp: new Date(clock.now() - seq * 1000).toISOString(),
        properties: { order_id: orderId, products: [{ product_id: 'p', name, price: 2 }] },
      }
    : {
        type: 'track',
        event: 'Product Viewed',
        messageId,
        userId: `u${seq % 7}`,
        timestamp: new Date(clock.now() - seq * 1000).toISOString(),
        properties: { product_id: 'p', name, price: 2 },
      };
  return {
    seq,
    receivedAt: clock.now(),
    writeKeyId: 'k',
    requestId: `r${seq}`,
    source: 'test',
    messageId,
    kind: 'event',
    payload: JSON.stringify(event),
  };
}
const batchOf = (records: LogRecord[], atLeastOnce = false): SilverBatch => ({
  ...buildBatch(records, testPipeline, clock.now(), {
    consumer: 'silver',
    toSeq: Math.max(...records.map((r) => r.seq)),
  }),
  atLeastOnce,
});

/** What a commit leaves behind, read the same way on both engines. */
async function snapshot(w: DuckDbWarehouse | PgWarehouse) {
  const tables = [...SILVER_TABLES, 'quarantine', 'live_counters', 'user_last_seen', 'checkpoints'];
  const counts: Record<string, unknown> = {};
  for (const t of tables) counts[t] = (await w.query(`select count(*) as n from ${t}`))[0]?.n;
  return {
    counts,
    status: await w.status(),
    reasons: await w.query('select reason, count(*) as n from quarantine group by 1 order by 1'),
    seconds: await w.liveCounters('second', '2000-01-01 00:00:00'),
    minutes: await w.liveCounters('minute', '2000-01-01 00:00:00'),
  };
}

describe('PgWarehouse', () => {
  it('stores what the DuckDB warehouse stores, row for row', async () => {
    const [duck, pgw] = [await duckWarehouse(), await pgWarehouse(await newDatabase())];
    const { records, batch } = shop(3000);
    const batches = Array.from({ length: 12 }, (_, i) =>
      batch(records.slice(i * 250, i * 250 + 250)),
    );
    // Earlier records again under new seqs: their events are duplicates of stored ones.
    batches.push(batch(records.slice(500, 750).map((r) => ({ ...r, seq: r.seq + 10_000 }))));
    // Text that COPY must escape, and text that looks like its escapes.
    const names = ['back\\slash', 'tab\there', 'new\nline', 'a\r\nb', '\\N', 'N', 'zwölf €', ''];
    const tricky = batchOf(names.map((name, i) => record(20_001 + i, `esc${i}`, `oe${i}`, name)));
    batches.push(tricky);
    const results = [];
    for (const b of batches) results.push([await duck.commit(b), await pgw.commit(b)]);
    for (const [d, p] of results) expect(p).toEqual(d);

    const [d, p] = [await snapshot(duck), await snapshot(pgw)];
    expect(p).toEqual(d);
    expect(Object.keys(d.status.quarantineByReason)).toEqual(
      expect.arrayContaining(['duplicate', 'malformed_json', 'future_timestamp']),
    );
    expect(d.status.silverEvents).toBeGreaterThan(2500);
    for (const table of ['silver_events', 'silver_orders', 'silver_order_lines', 'quarantine']) {
      const sql = `select * from ${table} order by seq${table === 'silver_order_lines' ? ', line_no' : ''}`;
      expect(await pgw.query(sql), table).toEqual(await duck.query(sql));
    }
    // PostgreSQL's own migration (its indexes) is not DuckDB's; each has its own 006.
    const versions = 'select version from schema_migrations order by version';
    expect((await pgw.query(versions)).map((r) => r.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await duck.query(versions)).map((r) => r.version)).toEqual([1, 2, 3, 4, 6]);
    const list = { unresolvedOnly: true, limit: 50, reason: 'duplicate' };
    expect(await pgw.listQuarantine(list)).toEqual(await duck.listQuarantine(list));
    expect(await pgw.checkpoint('silver')).toBe(20_000 + names.length);
    const stored = await pgw.query(
      "select name from silver_order_lines where order_id like 'oe%' order by order_id",
    );
    expect(stored.map((r) => r.name)).toEqual(tricky.orderLines.map((l) => l.name));
    expect(stored.map((r) => r.name)).toContain('tab\there');
  }, 120_000);

  it('averages money exactly, half away from zero, on both engines (money_average)', async () => {
    // amount, count, the quotient by hand to 4 places.
    const cases: [string, number, string | null][] = [
      ['2197.7200', 32, '68.6788'], // 68.67875: DuckDB's float division gave 68.6787
      ['-2197.7200', 32, '-68.6788'],
      ['10.0000', 3, '3.3333'],
      ['20.0000', 3, '6.6667'],
      ['0.0001', 2, '0.0001'], // 0.00005
      ['-0.0001', 2, '-0.0001'],
      ['0.0001', 3, '0.0000'],
      ['123456789012.3456', 1, '123456789012.3456'],
      ['5.0000', 0, null],
    ];
    const sql = cases
      .map(
        ([a, n], i) =>
          `select ${i} as i, cast(money_average(cast(${a} as decimal(38, 4)), ${n}) as varchar) as v`,
      )
      .join(' union all ');
    for (const w of [await duckWarehouse(), await pgWarehouse(await newDatabase())]) {
      const rows = await w.query(`select v from (${sql}) q order by i`);
      expect(rows.map((r) => r.v)).toEqual(cases.map((c) => c[2]));
    }
  });

  it('drops redelivered records (atLeastOnce); without it a stored messageId is a duplicate', async () => {
    for (const w of [await duckWarehouse(), await pgWarehouse(await newDatabase())]) {
      const first = [record(1, 'a', 'o1'), record(2, 'b'), { ...record(3, 'c'), payload: '{' }];
      expect(await w.commit(batchOf(first))).toMatchObject({ stored: 2, quarantined: 1 });
      const before = await snapshot(w);

      expect(await w.commit(batchOf(first, true))).toEqual({
        redelivered: 3,
        stored: 0,
        quarantined: 0,
        duplicates: 0,
        duplicateOrders: 0,
      });
      expect(await snapshot(w)).toEqual(before);

      // Partly redelivered: the new records are stored as usual.
      const partly = batchOf([...first, record(4, 'd', 'o2'), record(5, 'e')], true);
      expect(await w.commit(partly)).toMatchObject({ redelivered: 3, stored: 2 });

      // The same messageIds in new records (new seqs): duplicates, not redeliveries.
      const resent = await w.commit(batchOf([record(6, 'a', 'o1'), record(7, 'b')]));
      expect(resent).toEqual({ stored: 0, quarantined: 2, duplicates: 2, duplicateOrders: 0 });
      expect(resent.redelivered).toBeUndefined();
      const rows = await w.query('select seq, reason from quarantine order by seq');
      expect(rows.map((r) => [Number(r.seq), r.reason])).toEqual([
        [3, 'malformed_json'],
        [6, 'duplicate'],
        [7, 'duplicate'],
      ]);
      expect((await w.status()).silverEvents).toBe(4);

      // Processors sharing a consumer commit out of order: the checkpoint never moves back.
      const late = { ...batchOf([record(8, 'h')]), checkpoint: { consumer: 'silver', toSeq: 2 } };
      await w.commit(late);
      expect(await w.checkpoint('silver')).toBe(7);
    }
  }, 60_000);

  it('stores each messageId once when two processors commit overlapping batches at once', async () => {
    const url = await newDatabase();
    const [one, two] = [await pgWarehouse(url), await pgWarehouse(url)];
    const N = 600;
    let expectedDuplicates = 0;
    for (let round = 0; round < 12; round++) {
      const id = (i: number) => `m${round}-${i}`;
      const order = (i: number) => (i % 5 === 0 ? `o${round}-${i}` : undefined);
      // Odd rounds: one log message redelivered to the second processor while the first
      // still commits it (same seqs, atLeastOnce). Even rounds: the same messageIds in
      // different records (a client retry), so one copy of each is a duplicate.
      const redelivery = round % 2 === 1;
      const base = round * 10_000;
      const a = Array.from({ length: (N * 2) / 3 }, (_, i) => record(base + i, id(i), order(i)));
      const b = Array.from({ length: (N * 2) / 3 }, (_, k) => {
        const i = N / 3 + k;
        return record(redelivery ? base + i : base + 5000 + i, id(i), order(i));
      });
      // Every other pair writes its shared keys in opposite orders: the two may deadlock.
      if (round % 4 >= 2) b.reverse();
      const results = await Promise.all([
        one.commit(batchOf(a, redelivery)),
        two.commit(batchOf(b, redelivery)),
      ]);
      const overlap = a.length + b.length - N;
      const stored = results.reduce((n, r) => n + r.stored, 0);
      expect(stored).toBe(N);
      if (redelivery) expect(results.reduce((n, r) => n + (r.redelivered ?? 0), 0)).toBe(overlap);
      else expectedDuplicates += overlap;
    }
    const [counts] = await one.query(
      `select count(*)::int as events, count(distinct message_id)::int as ids,
        (select count(*)::int from silver_orders) as orders,
        (select count(*)::int from quarantine where reason = 'duplicate') as duplicates,
        (select count(*)::int from quarantine where reason <> 'duplicate') as other
       from silver_events`,
    );
    expect(counts).toEqual({
      events: 12 * N,
      ids: 12 * N,
      orders: 12 * (N / 5),
      duplicates: expectedDuplicates,
      other: 0,
    });
    const minutes = await one.liveCounters('minute', '2000-01-01 00:00:00');
    expect(minutes.reduce((n, r) => n + r.events, 0)).toBe(12 * N);
    expect(minutes.reduce((n, r) => n + r.orders, 0)).toBe(12 * (N / 5));
  }, 120_000);

  it('refuses bad data as a plain error, a lost connection as an InfraError, and reconnects', async () => {
    const url = await newDatabase();
    const w = await pgWarehouse(url);
    const bad = batchOf([record(1, 'a'), record(2, 'b', 'o1', 'Mug\u0000 XL')]);
    const error = await w.commit(bad).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(InfraError);
    expect(error?.message).toMatch(/SQLSTATE 22021/);
    expect((await w.status()).silverEvents).toBe(0);
    expect(await w.query('select count(*)::int as n from quarantine')).toEqual([{ n: 0 }]);
    expect(await w.checkpoint('silver')).toBe(0);

    // The writer's backend ends while a commit waits on a lock.
    const database = new URL(url).pathname.slice(1);
    const locker = new pg.Client({ connectionString: url });
    await locker.connect();
    await locker.query('begin; lock table checkpoints in exclusive mode');
    const waiting = w.commit(batchOf([record(3, 'c')])).catch((e: unknown) => e);
    await withAdmin(async (admin) => {
      for (let i = 0; i < 100; i++) {
        const r = await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity
           where datname = $1 and application_name = 'storepulse-writer' and wait_event_type = 'Lock'`,
          [database],
        );
        if (r.rowCount) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('the commit never waited on the lock');
    });
    const lost = await waiting;
    await locker.query('rollback');
    await locker.end();
    expect(lost).toBeInstanceOf(InfraError);
    expect((lost as InfraError).retriable).toBe(true);
    expect(await w.commit(batchOf([record(3, 'c')]))).toMatchObject({ stored: 1 });

    // The reader's backend ends while idle: the next read fails, the one after works.
    await withAdmin((admin) =>
      admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
         where datname = $1 and application_name <> 'storepulse-writer' and pid <> pg_backend_pid()`,
        [database],
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const read = await w.ping().catch((e: unknown) => e);
    expect(read).toBeInstanceOf(InfraError);
    await w.ping();
    expect((await w.status()).silverEvents).toBe(1);
  }, 60_000);
});
