import { afterAll, beforeAll, expect, it } from 'vitest';
import { startInstance } from './helpers.js';

let sp: Awaited<ReturnType<typeof startInstance>>;
beforeAll(async () => {
  sp = await startInstance();
});
afterAll(() => sp.close());

const hoursAgo = (h: number, plusSeconds = 0) =>
  new Date(
    Math.floor(Date.now() / 3_600_000) * 3_600_000 - h * 3_600_000 + plusSeconds * 1000,
  ).toISOString();

const track = (
  id: string,
  user: string,
  ts: string,
  event: string,
  properties: Record<string, unknown> = {},
) => ({
  type: 'track',
  event,
  messageId: id,
  userId: user,
  timestamp: ts,
  properties,
});

it('counts events, sessions, orders and decimal revenue per second and minute of event time', async () => {
  // A late batch, hours old: it must land in its own buckets, not "now".
  const t0 = hoursAgo(5); // hh:00:00
  const line = (price: string, quantity = 1) => ({ product_id: 'p', price, quantity });
  await sp.post('/v1/batch', {
    batch: [
      track('lc-1', 'alice', hoursAgo(5, 0), 'Product Viewed', { product_id: 'p', price: 10 }),
      track('lc-2', 'alice', hoursAgo(5, 0.5), 'Order Completed', {
        order_id: 'lc-o1',
        products: [line('0.10', 3)],
      }),
      track('lc-3', 'bob', hoursAgo(5, 0.9), 'Order Completed', {
        order_id: 'lc-o2',
        products: [line('19.99')],
      }),
      // alice again 40 minutes later: a new session; bob 10 minutes later: the same session
      track('lc-4', 'alice', hoursAgo(5, 2400), 'Product Viewed', { product_id: 'p' }),
      track('lc-5', 'bob', hoursAgo(5, 600), 'Order Refunded', { order_id: 'lc-o2' }),
      track('lc-6', 'alice', hoursAgo(5, 2401), 'Order Refunded', {
        order_id: 'lc-o1',
        products: [line('0.10')],
      }),
    ],
  });
  await sp.rt.processor.drain();
  const second = await sp.rt.warehouse.liveCounters(
    'second',
    t0.replace('T', ' ').replace('Z', ''),
  );
  const bucket = (iso: string) =>
    second.find((r) => r.bucket_at.startsWith(iso.slice(0, 19).replace('T', ' ')));
  // hh:00:00: a view (alice starts a session) and two orders (bob starts one): 0.30 + 19.99
  expect(bucket(t0)).toEqual({
    bucket_at: expect.any(String),
    events: 3,
    sessions_started: 2,
    orders: 2,
    gross_revenue: '20.2900',
    refunds: '0.0000',
    net_revenue: '20.2900',
  });
  // hh:10:00: bob's whole-order refund takes back 19.99; no new session
  expect(bucket(hoursAgo(5, 600))).toMatchObject({
    events: 1,
    sessions_started: 0,
    refunds: '19.9900',
    net_revenue: '-19.9900',
  });
  // hh:40:00 alice's new session; hh:40:01 a one-line refund of 0.10
  expect(bucket(hoursAgo(5, 2400))).toMatchObject({ events: 1, sessions_started: 1 });
  expect(bucket(hoursAgo(5, 2401))).toMatchObject({ refunds: '0.1000', sessions_started: 0 });
  const minute = await sp.rt.warehouse.liveCounters(
    'minute',
    t0.replace('T', ' ').replace('Z', ''),
  );
  const total = minute.reduce(
    (a, r) => ({
      events: a.events + r.events,
      sessions: a.sessions + r.sessions_started,
      orders: a.orders + r.orders,
    }),
    { events: 0, sessions: 0, orders: 0 },
  );
  expect(total).toEqual({ events: 6, sessions: 3, orders: 2 });
  expect(minute[0]).toMatchObject({ gross_revenue: '20.2900' });
});
