import { afterEach, expect, it } from 'vitest';
import { startInstance } from './helpers.js';

type Instance = Awaited<ReturnType<typeof startInstance>>;
let sp: Instance | undefined;
afterEach(async () => {
  await sp?.close();
  sp = undefined;
});

const at = (minutes: number) => new Date(Date.UTC(2026, 4, 4, 9, minutes)).toISOString();
const ev = (userId: string, event: string, minutes: number, properties = {}) => ({
  type: 'track',
  userId,
  event,
  timestamp: at(minutes),
  properties,
});

it('events over HTTP become silver, then gold with green data tests and hand-computed values', async () => {
  sp = await startInstance({ flags: { 'models.reportTimeZone': 'Europe/Paris' } });
  const batch = [
    { type: 'page', userId: 'alice', timestamp: at(0) },
    ev('alice', 'Product Viewed', 1, { product_id: 'p1', price: 30 }),
    ev('alice', 'Product Added', 2, { product_id: 'p1', price: 30 }),
    ev('alice', 'Order Completed', 3, {
      order_id: 'A-1',
      currency: 'EUR',
      products: [
        { product_id: 'p1', price: '30.00', quantity: 2 },
        { product_id: 'ship', price: '4.90', line_type: 'shipping' },
      ],
    }),
    { type: 'page', userId: 'bob', timestamp: at(10) },
    ev('bob', 'Product Added', 11, { product_id: 'p2', price: 12.5 }),
    ev('alice', 'Order Refunded', 20, {
      order_id: 'A-1',
      products: [{ product_id: 'p1', price: '30.00', quantity: 1 }],
    }),
    { type: 'track', userId: 'bad' }, // no event name: quarantined, not modelled
  ];
  const res = await sp.post('/v1/batch', { batch });
  expect(res.status).toBe(200);
  await sp.rt.processor.drain();

  const run = await sp.rt.models.run();
  expect(run.models.filter((m) => m.status === 'error')).toEqual([]);
  const tests = await sp.rt.models.test();
  expect(tests.results.filter((t) => t.status === 'fail' || t.status === 'error')).toEqual([]);

  // 2 sessions (alice 09:00-09:20, bob 09:10-09:11); Paris is UTC+2 in May
  const sessions = await sp.query(
    'select user_key, session_day, converted, cart_abandoned from int_sessions order by user_key',
  );
  expect(sessions).toEqual([
    { user_key: 'alice', session_day: '2026-05-04', converted: true, cart_abandoned: false },
    { user_key: 'bob', session_day: '2026-05-04', converted: false, cart_abandoned: true },
  ]);
  // revenue 2 x 30 = 60 (shipping apart), refund of one unit = 30, net 30
  const [order] = await sp.query(
    'select revenue, non_product_revenue, refunded_revenue, net_revenue from int_orders',
  );
  expect(order).toEqual({
    revenue: '60.0000',
    non_product_revenue: '4.9000',
    refunded_revenue: '30.0000',
    net_revenue: '30.0000',
  });
  const runs = await sp.query('select kind, status from ops_runs order by started_at');
  expect(runs).toEqual([
    { kind: 'models', status: 'success' },
    { kind: 'tests', status: expect.stringMatching(/^(pass|warn)$/) as unknown },
  ]);
});

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

it('the scheduler refreshes the models and runs the tests by itself, again and again', async () => {
  sp = await startInstance({
    flags: { 'models.intervalSeconds': 1, 'models.testIntervalSeconds': 1 },
  });
  const instance = sp;
  const count = async (sql: string) => Number((await instance.query(sql))[0]?.n ?? 0);
  const sessions = () =>
    count(
      "select count(*) as n from int_sessions where exists (select 1 from ops_model_state where model = 'int_sessions')",
    ).catch(() => 0);
  sp.rt.scheduler.start();
  await sp.post('/v1/batch', { batch: [{ type: 'page', userId: 'u1', timestamp: at(0) }] });
  await until(async () => (await sessions()) === 1);
  await until(
    async () =>
      (await count(
        "select count(*) as n from ops_runs where trigger = 'schedule' and kind = 'tests' and finished_at is not null",
      )) > 0,
  );
  // Ingestion goes on while the scheduler works; the next refresh picks the new event up.
  const res = await sp.post('/v1/batch', {
    batch: [{ type: 'page', userId: 'u2', timestamp: at(5) }],
  });
  expect(res.status).toBe(200);
  await until(async () => (await sessions()) === 2);
  const problems = await sp.query(
    `select model as name, error from ops_model_runs where status = 'error'
     union all
     select test_name, coalesce(error, sample) from ops_test_results where status in ('fail', 'error')`,
  );
  expect(problems).toEqual([]);
});
