import { afterEach, expect, it } from 'vitest';
import { modelWarehouse, order, page, track, type ModelWarehouse } from './harness.js';

let wh: ModelWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

const adjustment = (user: string, at: string, kind: string, lines: [string, string, number][]) =>
  track(user, 'Adjustment Recorded', at, {
    adjustment_id: `adj-${at}`,
    kind,
    currency: 'GBP',
    products: lines.map(([product_id, price, quantity]) => ({ product_id, price, quantity })),
  });

it('keeps adjustments out of sessions, active users, traffic and revenue, and stages their lines', async () => {
  wh = await modelWarehouse();
  const q = await wh.send(
    page('u1', '2026-05-01T10:00:00Z'),
    order('u1', '2026-05-01T10:01:00Z', 'o1', [{ id: 'p1', price: '10.00', quantity: 2 }]),
    // An hour later, and on a day of its own for u2: a visit or an order if it counted.
    adjustment('u1', '2026-05-01T11:30:00Z', 'stock', [
      ['p1', '10.00', -2],
      ['POST', '-5.50', 1],
    ]),
    adjustment('u2', '2026-05-02T09:00:00Z', 'bad_debt', [['B', '-11062.06', 1]]),
  );
  expect(q).toEqual([]);
  await wh.runGreen();
  expect(await wh.rows('select user_key, events, orders from int_sessions')).toEqual([
    { user_key: 'u1', events: '2', orders: '1' },
  ]);
  expect(await wh.rows('select user_key, day, orders from int_user_days')).toEqual([
    { user_key: 'u1', day: '2026-05-01', orders: '1' },
  ]);
  expect(
    await wh.rows(
      `select day, dau, sessions, orders, gross_revenue, refunds from mart_daily_kpis
       where orders > 0 or dau > 0 order by day`,
    ),
  ).toEqual([
    {
      day: '2026-05-01',
      dau: '1',
      sessions: '1',
      orders: '1',
      gross_revenue: '20.0000',
      refunds: '0.0000',
    },
  ]);
  expect(await wh.rows('select minute, events from mart_traffic_minutes order by 1')).toEqual([
    { minute: '2026-05-01 10:00:00', events: '1' },
    { minute: '2026-05-01 10:01:00', events: '1' },
  ]);
  expect(
    await wh.rows(
      `select adjustment_seq, line_no, kind, adjusted_day, product_id, price, quantity, amount
       from stg_adjustment_lines order by 1, 2`,
    ),
  ).toEqual([
    {
      adjustment_seq: '3',
      line_no: 1,
      kind: 'stock',
      adjusted_day: '2026-05-01',
      product_id: 'p1',
      price: '10.0000',
      quantity: -2,
      amount: '-20.0000',
    },
    {
      adjustment_seq: '3',
      line_no: 2,
      kind: 'stock',
      adjusted_day: '2026-05-01',
      product_id: 'POST',
      price: '-5.5000',
      quantity: 1,
      amount: '-5.5000',
    },
    {
      adjustment_seq: '4',
      line_no: 1,
      kind: 'bad_debt',
      adjusted_day: '2026-05-02',
      product_id: 'B',
      price: '-11062.0600',
      quantity: 1,
      amount: '-11062.0600',
    },
  ]);
});
