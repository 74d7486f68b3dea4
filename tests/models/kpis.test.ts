import { afterEach, describe, expect, it } from 'vitest';
import { createGenerator } from '../../src/generate/index.js';
import { modelWarehouse, order, page, track, type ModelWarehouse } from './harness.js';

/**
 * mart_daily_kpis, mart_active_users and mart_traffic_minutes on hand-computed fixtures.
 * Definitions: docs/metrics/kpis.md. Money comes back as decimal strings, counts (bigint) as
 * strings, rates as numbers.
 */
let wh: ModelWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

// These models and everything upstream of them: other marts do not take part.
const MINE = ['+mart_daily_kpis', '+mart_active_users', '+mart_traffic_minutes'];
const BOT = {
  userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
};

/** Runs the models, expects no error and no failing data test; returns the run. */
async function build(w: ModelWarehouse, fullRefresh = false) {
  const run = await w.run({ select: MINE, fullRefresh });
  expect(run.models.filter((m) => m.status === 'error')).toEqual([]);
  const tests = await w.test(MINE);
  expect(tests.results.filter((r) => r.status === 'fail' || r.status === 'error')).toEqual([]);
  return run;
}

function modeOf(run: Awaited<ReturnType<typeof build>>, model: string) {
  return run.models.find((m) => m.model === model)?.mode;
}

/** Rows as objects from a header ('a, b, c') and value tuples, to compare with wh.rows. */
function table(header: string, ...rows: unknown[][]) {
  const keys = header.split(',').map((k) => k.trim());
  return rows.map((r) => Object.fromEntries(keys.map((k, i) => [k, r[i]])));
}

const product = (id: string, price: string) => ({ product_id: id, price });
const view = (user: string, at: string, context = {}) =>
  track(user, 'Product Viewed', at, product('p1', '30.00'), context);
const add = (user: string, at: string) => track(user, 'Product Added', at, product('p1', '30.00'));
const checkout = (user: string, at: string) => track(user, 'Checkout Started', at, {});

describe('mart_daily_kpis', () => {
  it("counts one day's events, sessions, orders and session rates, bots left out", async () => {
    wh = await modelWarehouse();
    const q = await wh.send(
      // s1 u1: page, view, add, checkout, order o1 30.00
      page('u1', '2026-05-04T10:00:00Z'),
      view('u1', '2026-05-04T10:01:00Z'),
      add('u1', '2026-05-04T10:02:00Z'),
      checkout('u1', '2026-05-04T10:03:00Z'),
      order('u1', '2026-05-04T10:04:00Z', 'o1', [{ id: 'p1', price: '30.00' }]),
      // s2 u2: page, view, two adds, no order (abandoned)
      page('u2', '2026-05-04T10:00:00Z'),
      view('u2', '2026-05-04T10:01:00Z'),
      add('u2', '2026-05-04T10:02:00Z'),
      add('u2', '2026-05-04T10:03:00Z'),
      // s3 u3: page, view
      page('u3', '2026-05-04T10:00:00Z'),
      view('u3', '2026-05-04T10:01:00Z'),
      // s4 anon-4: add without a product view, checkout, no order (abandoned)
      add('anon-4', '2026-05-04T10:00:00Z'),
      checkout('anon-4', '2026-05-04T10:01:00Z'),
      // s5 u5: page, view, add, order o3 20.00 without a checkout event
      page('u5', '2026-05-04T10:00:00Z'),
      view('u5', '2026-05-04T10:01:00Z'),
      add('u5', '2026-05-04T10:02:00Z'),
      order('u5', '2026-05-04T10:03:00Z', 'o3', [{ id: 'p2', price: '20.00' }]),
      // s6 anon-6: view, add, no order (abandoned)
      view('anon-6', '2026-05-04T10:00:00Z'),
      add('anon-6', '2026-05-04T10:01:00Z'),
      // a bot: two pages and a view (left out), and an order o2 10.00 (counted: it paid)
      page('bot-1', '2026-05-04T10:00:00Z', BOT),
      page('bot-1', '2026-05-04T10:01:00Z', BOT),
      view('bot-1', '2026-05-04T10:02:00Z', BOT),
      {
        ...order('bot-1', '2026-05-04T10:03:00Z', 'o2', [{ id: 'p3', price: '10.00' }]),
        context: BOT,
      },
    );
    expect(q).toEqual([]);
    await build(wh);
    const [row] = await wh.rows("select * from mart_daily_kpis where day = '2026-05-04'");
    expect(row).toEqual({
      day: '2026-05-04',
      dau: '6', // u1 u2 u3 anon-4 u5 anon-6, not the bot
      sessions: '6', // s1..s6
      page_views: '4', // s1 s2 s3 s5
      product_views: '5', // s1 s2 s3 s5 s6
      add_to_carts: '6', // s1, s2 twice, s4, s5, s6
      checkouts: '2', // s1 s4
      orders: '3', // o1 o3 and the bot's o2
      gross_revenue: '60.0000', // 30 + 20 + 10
      refunds: '0.0000',
      net_revenue: '60.0000',
      aov: '20.0000', // 60 / 3 orders
      revenue_per_user: '10.0000', // 60 / 6 active users
      sessions_with_product_view: '5', // s1 s2 s3 s5 s6
      sessions_with_add_to_cart: '5', // s1 s2 s4 s5 s6
      sessions_with_checkout: '2', // s1 s4
      sessions_with_order: '2', // s1 s5
      sessions_view_to_cart: '4', // s1 s2 s5 s6 (s4 added without a view)
      sessions_cart_to_checkout: '2', // s1 s4
      sessions_abandoned_cart: '3', // s2 s4 s6
      conversion_rate: 2 / 6,
      cart_rate: 4 / 5,
      checkout_rate: 2 / 5,
      cart_abandonment_rate: 3 / 5,
      // the first day: the 7-day sums are the day's, changes have no base
      sessions_7d: '6',
      sessions_with_order_7d: '2',
      conversion_rate_7d: 2 / 6,
      orders_7d: '3',
      gross_revenue_7d: '60.0000',
      refunds_7d: '0.0000',
      net_revenue_7d: '60.0000',
      aov_7d: '20.0000',
      net_revenue_dod: null,
      net_revenue_wow: null,
      orders_dod: null,
      orders_wow: null,
      sessions_dod: null,
      sessions_wow: null,
    });
    // Buyers count whoever paid, the bot included: u1, u5, bot-1.
    expect(await wh.rows('select day, dau, wau, mau, daily_buyers from mart_active_users')).toEqual(
      table('day, dau, wau, mau, daily_buyers', ['2026-05-04', '6', '6', '6', '3']),
    );
  });

  it('nets refunds on the day they are made, keeps quiet days as zeros, sums 7 days and compares', async () => {
    wh = await modelWarehouse();
    await wh.send(
      // D1 05-01: o1 100.00
      page('u1', '2026-05-01T10:00:00Z'),
      order('u1', '2026-05-01T10:01:00Z', 'o1', [{ id: 'p1', price: '100.00' }]),
      // D2 05-02: nothing
      // D3 05-03: o2 50.00, and 30.00 of o1 (placed on D1) refunded, in a second session of u1
      page('u2', '2026-05-03T10:00:00Z'),
      order('u2', '2026-05-03T10:01:00Z', 'o2', [{ id: 'p2', price: '50.00' }]),
      page('u1', '2026-05-03T12:00:00Z'),
      track('u1', 'Order Refunded', '2026-05-03T12:01:00Z', {
        order_id: 'o1',
        products: [product('p1', '30.00')],
      }),
      // D5 05-05: o2 cancelled, no lines: its whole 50.00 comes back
      page('u2', '2026-05-05T09:00:00Z'),
      track('u2', 'Order Cancelled', '2026-05-05T09:01:00Z', { order_id: 'o2' }),
      // D8 05-08: o3 40.00
      page('u3', '2026-05-08T10:00:00Z'),
      order('u3', '2026-05-08T10:01:00Z', 'o3', [{ id: 'p3', price: '40.00' }]),
    );
    await build(wh);
    const money = 'day, dau, sessions, orders, gross_revenue, refunds, net_revenue, aov';
    expect(await wh.rows(`select ${money} from mart_daily_kpis order by day`)).toEqual(
      table(
        money,
        ['2026-05-01', '1', '1', '1', '100.0000', '0.0000', '100.0000', '100.0000'],
        // D2: no activity, a row of zeros
        ['2026-05-02', '0', '0', '0', '0.0000', '0.0000', '0.0000', null],
        // D3: o2's 50 less the 30 refunded from D1's o1 = 20; u1 and u2, a session each
        ['2026-05-03', '2', '2', '1', '50.0000', '30.0000', '20.0000', '20.0000'],
        ['2026-05-04', '0', '0', '0', '0.0000', '0.0000', '0.0000', null],
        // D5: only the cancellation: 0 - 50 = -50
        ['2026-05-05', '1', '1', '0', '0.0000', '50.0000', '-50.0000', null],
        ['2026-05-06', '0', '0', '0', '0.0000', '0.0000', '0.0000', null],
        ['2026-05-07', '0', '0', '0', '0.0000', '0.0000', '0.0000', null],
        ['2026-05-08', '1', '1', '1', '40.0000', '0.0000', '40.0000', '40.0000'],
      ),
    );
    // Sums over the 7 days ending each day; the 7-day conversion is a ratio of sums.
    const week = 'day, sessions_7d, conversion_rate_7d, orders_7d, net_revenue_7d, aov_7d';
    expect(await wh.rows(`select ${week} from mart_daily_kpis order by day`)).toEqual(
      table(
        week,
        ['2026-05-01', '1', 1, '1', '100.0000', '100.0000'],
        ['2026-05-02', '1', 1, '1', '100.0000', '100.0000'],
        // sessions 1 + 2, converted 1 + 1; net 100 + 20 = 120 over 2 orders
        ['2026-05-03', '3', 2 / 3, '2', '120.0000', '60.0000'],
        ['2026-05-04', '3', 2 / 3, '2', '120.0000', '60.0000'],
        // + D5: sessions 4, converted 2; net 120 - 50 = 70 over 2 orders
        ['2026-05-05', '4', 2 / 4, '2', '70.0000', '35.0000'],
        ['2026-05-06', '4', 2 / 4, '2', '70.0000', '35.0000'],
        ['2026-05-07', '4', 2 / 4, '2', '70.0000', '35.0000'],
        // D2..D8, D1 has left: sessions 2 + 1 + 1, converted D3 + D8; net 20 - 50 + 40 = 10
        ['2026-05-08', '4', 2 / 4, '2', '10.0000', '5.0000'],
      ),
    );
    // Changes against the day before (dod) and 7 days before (wow): null without a base,
    // with a base of 0, and for net revenue with a negative base.
    const change =
      'day, net_revenue_dod, net_revenue_wow, orders_dod, orders_wow, sessions_dod, sessions_wow';
    expect(await wh.rows(`select ${change} from mart_daily_kpis order by day`)).toEqual(
      table(
        change,
        ['2026-05-01', null, null, null, null, null, null],
        // (0 - 100) / 100, (0 - 1) / 1, (0 - 1) / 1
        ['2026-05-02', -1, null, -1, null, -1, null],
        ['2026-05-03', null, null, null, null, null, null],
        // (0 - 20) / 20, (0 - 1) / 1, (0 - 2) / 2
        ['2026-05-04', -1, null, -1, null, -1, null],
        ['2026-05-05', null, null, null, null, null, null],
        // net against D5's -50: null; sessions (0 - 1) / 1
        ['2026-05-06', null, null, null, null, -1, null],
        ['2026-05-07', null, null, null, null, null, null],
        // against D1: net (40 - 100) / 100, orders (1 - 1) / 1, sessions (1 - 1) / 1
        ['2026-05-08', null, -0.6, null, 0, null, 0],
      ),
    );
  });

  it('counts a session crossing local midnight on the day it started', async () => {
    // London in May is UTC+1: local midnight is 23:00 UTC.
    wh = await modelWarehouse({ settings: { reportTimeZone: 'Europe/London' } });
    await wh.send(
      page('u1', '2026-05-01T22:50:00Z'), // 05-01 23:50 local: starts the session
      page('u1', '2026-05-01T23:10:00Z'), // 05-02 00:10 local: 20 min later, same session
      page('u1', '2026-05-02T08:00:00Z'), // 05-02 09:00 local: a new session
    );
    await build(wh);
    const header = 'day, dau, sessions, page_views, sessions_7d';
    expect(await wh.rows(`select ${header} from mart_daily_kpis order by day`)).toEqual(
      table(
        header,
        ['2026-05-01', '1', '1', '1', '1'],
        // u1 was active on 05-02 too (two page views), but only one session started then
        ['2026-05-02', '1', '1', '2', '2'],
      ),
    );
  });

  it('puts events on the right local day across both DST changes', async () => {
    // Europe/London: GMT until 2026-03-29 01:00 UTC, BST (UTC+1) until 2026-10-25 01:00 UTC.
    wh = await modelWarehouse({
      settings: { reportTimeZone: 'Europe/London' },
      asOf: '2026-10-31T12:00:00Z',
    });
    await wh.send(
      page('a', '2026-03-28T23:30:00Z'), // 03-28 23:30 GMT
      page('b', '2026-03-29T00:30:00Z'), // 03-29 00:30 GMT (the change is at 01:00 UTC)
      page('c', '2026-03-29T23:30:00Z'), // 03-30 00:30 BST
      page('d', '2026-10-24T23:30:00Z'), // 10-25 00:30 BST
      order('d', '2026-10-24T23:31:00Z', 'o1', [{ id: 'p1', price: '12.50' }]), // 10-25 00:31
      page('e', '2026-10-25T23:30:00Z'), // 10-25 23:30 GMT (the change was at 01:00 UTC)
    );
    await build(wh);
    const header = 'day, dau, sessions, page_views, orders, gross_revenue';
    expect(
      await wh.rows(
        `select ${header} from mart_daily_kpis where dau > 0 or orders > 0 order by day`,
      ),
    ).toEqual(
      table(
        header,
        ['2026-03-28', '1', '1', '1', '0', '0.0000'],
        ['2026-03-29', '1', '1', '1', '0', '0.0000'],
        ['2026-03-30', '1', '1', '1', '0', '0.0000'],
        ['2026-10-25', '2', '2', '2', '1', '12.5000'],
      ),
    );
    // Every day from 03-28 to 10-25: 4 + 30 + 31 + 30 + 31 + 31 + 30 + 25 = 212 rows.
    expect(await wh.rows('select count(*) as n from mart_daily_kpis')).toEqual([{ n: '212' }]);
    expect(
      await wh.rows(
        "select day, dau, wau from mart_active_users where day >= '2026-10-24' order by day",
      ),
    ).toEqual(table('day, dau, wau', ['2026-10-24', '0', '0'], ['2026-10-25', '2', '2']));
    // Traffic minutes stay in UTC.
    expect(
      await wh.rows(
        "select minute, events, orders from mart_traffic_minutes where minute < '2026-10-26' and minute > '2026-10-01' order by minute",
      ),
    ).toEqual(
      table(
        'minute, events, orders',
        ['2026-10-24 23:30:00', '1', '0'],
        ['2026-10-24 23:31:00', '1', '1'],
        ['2026-10-25 23:30:00', '1', '0'],
      ),
    );
  });
});

describe('mart_active_users', () => {
  it('counts distinct users over 7 and 30 days, never sums of DAU', async () => {
    wh = await modelWarehouse();
    await wh.send(
      page('u3', '2026-04-06T10:00:00Z'),
      page('u1', '2026-05-01T10:00:00Z'),
      page('u1', '2026-05-03T10:00:00Z'),
      order('u1', '2026-05-03T10:01:00Z', 'o1', [{ id: 'p1', price: '10.00' }]),
      page('u1', '2026-05-05T10:00:00Z'),
      page('u2', '2026-05-05T11:00:00Z'),
      page('u2', '2026-05-06T10:00:00Z'),
      order('u2', '2026-05-06T10:01:00Z', 'o2', [{ id: 'p1', price: '20.00' }]),
      page('bot-1', '2026-05-05T10:00:00Z', BOT),
      page('bot-2', '2026-05-06T10:00:00Z', BOT),
    );
    await build(wh);
    const header =
      'day, dau, wau, mau, stickiness, daily_buyers, weekly_buyers, monthly_buyers, buyer_stickiness';
    const rows = await wh.rows(`select ${header} from mart_active_users order by day`);
    // 04-06 .. 05-06, every day.
    expect(rows).toHaveLength(31);
    const days = [
      ...['2026-04-06', '2026-04-12', '2026-04-13'],
      ...['2026-05-03', '2026-05-04', '2026-05-05', '2026-05-06'],
    ];
    expect(rows.filter((r) => days.includes(String(r.day)))).toEqual(
      table(
        header,
        ['2026-04-06', '1', '1', '1', 1, '0', '0', '0', null],
        // 6 days later u3 is still in the week (04-06 .. 04-12), not on the 7th
        ['2026-04-12', '0', '1', '1', 0, '0', '0', '0', null],
        ['2026-04-13', '0', '0', '1', 0, '0', '0', '0', null],
        // month 04-04 .. 05-03: u3, u1; u1 bought
        ['2026-05-03', '1', '1', '2', 1 / 2, '1', '1', '1', 1],
        ['2026-05-04', '0', '1', '2', 0, '0', '1', '1', 0],
        // u1 active on 05-01, 05-03 and 05-05 counts once: the week 04-29 .. 05-05 has u1
        // and u2 = 2 (DAUs sum to 1 + 1 + 2 = 4); month 04-06 .. 05-05: u3 u1 u2 = 3
        ['2026-05-05', '2', '2', '3', 2 / 3, '0', '1', '1', 0],
        // month 04-07 .. 05-06: u3 has left; buyers in the week: u1 (05-03), u2 (05-06)
        ['2026-05-06', '1', '2', '2', 1 / 2, '1', '2', '2', 1 / 2],
      ),
    );
  });
});

describe('incremental runs', () => {
  it('counts a late event after the next run, the same as a full build', async () => {
    wh = await modelWarehouse();
    await wh.send(
      page('u1', '2026-05-01T10:00:00Z'),
      order('u1', '2026-05-01T10:01:00Z', 'o1', [{ id: 'p1', price: '100.00' }]),
      page('u2', '2026-05-03T10:00:00Z'),
      order('u2', '2026-05-03T10:01:00Z', 'o2', [{ id: 'p2', price: '50.00' }]),
      page('u3', '2026-05-05T10:00:00Z'),
    );
    const first = await build(wh);
    expect(modeOf(first, 'mart_daily_kpis')).toBe('full');
    const header = 'day, dau, orders, net_revenue, orders_7d, net_revenue_7d, net_revenue_dod';
    const before = await wh.rows(`select ${header} from mart_daily_kpis order by day`);
    expect(before[1]).toEqual(
      table(header, ['2026-05-02', '0', '0', '0.0000', '1', '100.0000', -1])[0],
    );

    // Sent after the first run: u4 on 05-02 (older than the newest data), u1 again on 05-05.
    await wh.send(
      page('u4', '2026-05-02T10:00:00Z'),
      order('u4', '2026-05-02T10:01:00Z', 'o4', [{ id: 'p4', price: '20.00' }]),
      page('u1', '2026-05-05T12:00:00Z'),
    );
    const second = await build(wh);
    for (const model of ['mart_daily_kpis', 'mart_active_users', 'mart_traffic_minutes'])
      expect(modeOf(second, model), model).toBe('incremental');
    expect(await wh.rows(`select ${header} from mart_daily_kpis order by day`)).toEqual(
      table(
        header,
        ['2026-05-01', '1', '1', '100.0000', '1', '100.0000', null],
        // the late day: net change (20 - 100) / 100
        ['2026-05-02', '1', '1', '20.0000', '2', '120.0000', -0.8],
        // its 7-day sums and change were rebuilt: 100 + 20 + 50; (50 - 20) / 20
        ['2026-05-03', '1', '1', '50.0000', '3', '170.0000', 1.5],
        ['2026-05-04', '0', '0', '0.0000', '3', '170.0000', -1],
        ['2026-05-05', '2', '0', '0.0000', '3', '170.0000', null],
      ),
    );
    // The week 04-29 .. 05-05: u1 u4 u2 u3 (u1 once though active on two days).
    expect(
      await wh.rows("select dau, wau, mau from mart_active_users where day = '2026-05-05'"),
    ).toEqual([{ dau: '2', wau: '4', mau: '4' }]);
    expect(
      await wh.rows(
        "select minute, events, orders, gross_revenue from mart_traffic_minutes where minute < '2026-05-03' order by minute",
      ),
    ).toEqual(
      table(
        'minute, events, orders, gross_revenue',
        ['2026-05-01 10:00:00', '1', '0', '0.0000'],
        ['2026-05-01 10:01:00', '1', '1', '100.0000'],
        ['2026-05-02 10:00:00', '1', '0', '0.0000'],
        ['2026-05-02 10:01:00', '1', '1', '20.0000'],
      ),
    );

    // The incremental result is exactly what a full build gives.
    const marts = ['mart_daily_kpis', 'mart_active_users', 'mart_traffic_minutes'];
    const snapshot = async () =>
      Promise.all(marts.map((m) => wh!.rows(`select * from ${m} order by 1`)));
    const incremental = await snapshot();
    const full = await build(wh, true);
    expect(modeOf(full, 'mart_daily_kpis')).toBe('full');
    expect(await snapshot()).toEqual(incremental);
  });

  it('give the same rows as a full build on generated traffic with late and bad events', async () => {
    // About 4,000 seeded shop events over 4 days of New York time, anomalies included (late
    // events, duplicates, bots, refunds). The second batch opens the window mid-data (about
    // 10-28), so rows before it are kept and rows after it rebuilt from their lookback.
    wh = await modelWarehouse({
      settings: { reportTimeZone: 'America/New_York' },
      asOf: '2026-10-31T00:00:00Z',
    });
    const generator = createGenerator({
      seed: 7,
      simulateFrom: Date.parse('2026-10-26T00:00:00Z'),
      eventsPerSecond: 4000 / (4 * 86_400),
    });
    const sendGenerated = async (count: number) => {
      const events: Record<string, unknown>[] = [];
      while (events.length < count) {
        const item = generator.next();
        if (item.kind === 'event') events.push(item.event);
      }
      for (let i = 0; i < events.length; i += 500) await wh!.send(...events.slice(i, i + 500));
    };
    const marts = ['mart_daily_kpis', 'mart_active_users', 'mart_traffic_minutes'];
    const snapshot = async () =>
      Promise.all(marts.map((m) => wh!.rows(`select * from ${m} order by 1`)));
    await sendGenerated(3000);
    await build(wh);
    await sendGenerated(1000);
    const second = await build(wh);
    for (const model of marts) expect(modeOf(second, model), model).toBe('incremental');
    const incremental = await snapshot();
    expect(incremental[0]!.length).toBeGreaterThan(2);
    await build(wh, true);
    expect(await snapshot()).toEqual(incremental);
  });
});

describe('mart_traffic_minutes', () => {
  it('flags a minute above the trailing mean + 3 standard deviations as a spike', async () => {
    wh = await modelWarehouse();
    const events: Record<string, unknown>[] = [];
    // 10:00 .. 10:59: 1 event in even minutes, 2 in odd ones (30 x 1 + 30 x 2 = 90 events).
    for (let m = 0; m < 60; m++) {
      const at = `2026-05-04T10:${String(m).padStart(2, '0')}`;
      events.push(page('anon-t', `${at}:00Z`));
      if (m % 2 === 1) events.push(page('anon-t', `${at}:30Z`));
    }
    // 11:00: 4 events. 11:01: 2 pages and an order of 25.00 (3 events), and 20 bot pages.
    for (const s of ['00', '15', '30', '45']) events.push(page('anon-t', `2026-05-04T11:00:${s}Z`));
    events.push(page('anon-t', '2026-05-04T11:01:00Z'), page('anon-u', '2026-05-04T11:01:10Z'));
    events.push(order('anon-u', '2026-05-04T11:01:20Z', 'o1', [{ id: 'p1', price: '25.00' }]));
    for (let i = 0; i < 20; i++)
      events.push(page(`bot-${i}`, `2026-05-04T11:01:${String(30 + i)}Z`, BOT));
    expect(await wh.send(...events)).toEqual([]);
    await build(wh);

    const rows = await wh.rows('select * from mart_traffic_minutes order by minute');
    expect(rows).toHaveLength(62);
    const at = (minute: string) => rows.find((r) => r.minute === `2026-05-04 ${minute}:00`);
    // The first minute: the hour before is empty, so 1 event exceeds 0 + 3 x 0, but an
    // hour with under 30 active minutes is no baseline: not a spike.
    expect(at('10:00')).toMatchObject({
      events: '1',
      trailing_mean: 0,
      trailing_stddev: 0,
      trailing_active_minutes: 0,
      is_spike: false,
    });
    // 10:01: the hour before holds 59 zeros and a 1: mean 1/60, sd sqrt((60 x 1 - 1) / (60 x 59));
    // 2 events is far above 1/60 + 3 sd = 0.404, yet 1 active minute < 30: not a spike.
    expect(at('10:01')).toMatchObject({
      events: '2',
      trailing_mean: 1 / 60,
      trailing_stddev: Math.sqrt(59 / 3540),
      trailing_active_minutes: 1,
      is_spike: false,
    });
    // 11:00: the hour 10:00 .. 10:59 has sum S = 90, sum of squares Q = 30 x 1 + 30 x 4 = 150:
    // mean 90 / 60 = 1.5, sample variance (60 Q - S^2) / (60 x 59) = 900 / 3540, sd 0.5042;
    // threshold 1.5 + 3 x 0.5042 = 3.0127 < 4 events: a spike.
    expect(at('11:00')).toMatchObject({
      events: '4',
      orders: '0',
      trailing_mean: 1.5,
      trailing_stddev: Math.sqrt(900 / 3540),
      trailing_active_minutes: 60,
      is_spike: true,
    });
    expect(Number(at('11:00')!.spike_threshold)).toBeCloseTo(3.0127, 4);
    // 11:01: the hour 10:01 .. 11:00 drops 10:00's 1 and adds 11:00's 4: S = 93,
    // Q = 150 - 1 + 16 = 165; mean 1.55, variance (9900 - 8649) / 3540, sd 0.5945;
    // threshold 1.55 + 1.7834 = 3.3334 > 3 events (the 20 bot pages do not count).
    expect(at('11:01')).toMatchObject({
      events: '3',
      orders: '1',
      gross_revenue: '25.0000',
      trailing_mean: 93 / 60,
      trailing_stddev: Math.sqrt(1251 / 3540),
      trailing_active_minutes: 60,
      is_spike: false,
    });
    expect(rows.filter((r) => r.is_spike).map((r) => r.minute)).toEqual(['2026-05-04 11:00:00']);
  });
});
