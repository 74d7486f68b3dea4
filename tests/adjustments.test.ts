import { afterAll, beforeAll, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDbWarehouse } from '../src/adapters/duckdb/warehouse.js';
import { systemClock } from '../src/core/clock.js';
import type { LogRecord } from '../src/core/ports.js';
import { buildBatch } from '../src/process/batch.js';
import { startInstance, tempDir } from './helpers.js';
import { logRecord, testPipeline } from './records.js';

let sp: Awaited<ReturnType<typeof startInstance>>;
beforeAll(async () => {
  sp = await startInstance();
});
afterAll(() => sp.close());

const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

const adjustment = (messageId: string, userId: string, seconds: number) => ({
  type: 'track',
  event: 'Adjustment Recorded',
  messageId,
  userId,
  timestamp: at(seconds),
  properties: {
    adjustment_id: `adj-${messageId}`,
    kind: 'stock',
    currency: 'GBP',
    products: [
      { product_id: '85123A', name: 'T-light holder', price: '2.55', quantity: -6 },
      { product_id: 'M', price: -3, quantity: 2 },
    ],
  },
});

const minuteTotals = async () => {
  const [row] = await sp.query(
    `select sum(events)::int as events, sum(sessions_started)::int as sessions,
       sum(orders)::int as orders, sum(gross_revenue)::varchar as gross,
       sum(refunds)::varchar as refunds
     from live_counters where grain = 'minute'`,
  );
  return row;
};

it('stores an adjustment in silver_adjustment_lines once, retries quarantined, counters unmoved', async () => {
  await sp.post('/v1/batch', {
    batch: [
      { type: 'page', messageId: 'adj-p1', userId: 'alice', timestamp: at(0) },
      {
        type: 'track',
        event: 'Order Completed',
        messageId: 'adj-o1',
        userId: 'alice',
        timestamp: at(1),
        properties: { order_id: 'adj-order-1', products: [{ product_id: 'p', price: '10' }] },
      },
      adjustment('adj-a1', 'alice', 2),
    ],
  });
  await sp.rt.processor.drain();
  expect(await minuteTotals()).toEqual({
    events: 3,
    sessions: 1,
    orders: 1,
    gross: '10.0000',
    refunds: '0.0000',
  });

  // A client retry of the same adjustment, and one 40 minutes later: neither is an order,
  // revenue or a visit (no new session).
  await sp.post('/v1/batch', {
    batch: [adjustment('adj-a1', 'alice', 2), adjustment('adj-a2', 'alice', 2400)],
  });
  await sp.rt.processor.drain();

  const lines = await sp.query(
    `select message_id, line_no, kind, adjustment_id, product_id, name, price::varchar as price,
       quantity, amount::varchar as amount, currency, user_key
     from silver_adjustment_lines order by seq, line_no`,
  );
  const expected = (messageId: string) => [
    {
      message_id: messageId,
      line_no: 1,
      kind: 'stock',
      adjustment_id: `adj-${messageId}`,
      product_id: '85123A',
      name: 'T-light holder',
      price: '2.5500',
      quantity: -6,
      amount: '-15.3000',
      currency: 'GBP',
      user_key: 'alice',
    },
    {
      message_id: messageId,
      line_no: 2,
      kind: 'stock',
      adjustment_id: `adj-${messageId}`,
      product_id: 'M',
      name: null,
      price: '-3.0000',
      quantity: 2,
      amount: '-6.0000',
      currency: 'GBP',
      user_key: 'alice',
    },
  ];
  expect(lines).toEqual([...expected('adj-a1'), ...expected('adj-a2')]);
  expect(
    await sp.query(
      `select count(*)::int as n from silver_events where event_type = 'adjustment_recorded'`,
    ),
  ).toEqual([{ n: 2 }]);
  expect(await sp.query(`select message_id, reason from quarantine`)).toEqual([
    { message_id: 'adj-a1', reason: 'duplicate' },
  ]);
  expect(await minuteTotals()).toEqual({
    events: 4,
    sessions: 1,
    orders: 1,
    gross: '10.0000',
    refunds: '0.0000',
  });
});

it('keeps one copy of an adjustment repeated in a batch or older than the recent keys (staged path)', async () => {
  const dir = await tempDir();
  const wh = await DuckDbWarehouse.open(join(dir, 'w.duckdb'), systemClock, {
    recentMessages: 1,
    recentOrders: 1,
  });
  await wh.migrate();
  let seq = 0;
  const record = (event: Record<string, unknown>): LogRecord => logRecord(++seq, event);
  const commit = (records: LogRecord[]) =>
    wh.commit(buildBatch(records, testPipeline, Date.now(), { consumer: 'silver', toSeq: seq }));
  const now = (messageId: string) => ({ ...adjustment(messageId, 'bob', 0), timestamp: undefined });

  expect(await commit([record(now('x')), record(now('x'))])).toMatchObject({
    stored: 1,
    quarantined: 1,
  });
  await commit([record({ type: 'page', messageId: 'y', userId: 'bob' })]); // 'x' leaves the set
  expect(await commit([record(now('x'))])).toEqual({
    stored: 0,
    quarantined: 1,
    duplicates: 1,
    duplicateOrders: 0,
  });
  expect(
    await wh.query(
      `select message_id, count(*)::int as lines, sum(amount)::varchar as amount
       from silver_adjustment_lines group by message_id`,
    ),
  ).toEqual([{ message_id: 'x', lines: 2, amount: '-21.3000' }]);
  expect(await wh.query(`select reason from quarantine order by seq`)).toEqual([
    { reason: 'duplicate' },
    { reason: 'duplicate' },
  ]);
  await wh.close();
  await rm(dir, { recursive: true });
});
