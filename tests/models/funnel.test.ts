import { afterEach, describe, expect, it } from 'vitest';
import { modelWarehouse, order, page, track, type ModelWarehouse } from './harness.js';

let wh: ModelWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

const MOBILE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const DESKTOP =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const BOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

const viewed = (user: string, at: string, context = {}) =>
  track(user, 'Product Viewed', at, { product_id: 'p1', price: '10.00' }, context);
const added = (user: string, at: string, context = {}) =>
  track(user, 'Product Added', at, { product_id: 'p1', price: '10.00' }, context);
const checkout = (user: string, at: string, context = {}) =>
  track(user, 'Checkout Started', at, {}, context);
const bought = (user: string, at: string, id: string) =>
  order(user, at, id, [{ id: 'p1', price: '10.00' }]);

// The funnel models and everything upstream of them: other marts are not these tests' concern.
const FUNNEL = ['+mart_funnel_daily'];

/** Runs the models and the data tests; fails on any model error or failing data test. */

const STEPS = 'step_1, step_2, step_3, step_4, step_5';
/** The five step counts of mart rows as numbers. */
async function steps(w: ModelWarehouse, where: string): Promise<number[][]> {
  const rows = await w.rows(
    `select ${STEPS} from mart_funnel_daily where ${where} order by day, level, breakdown, device_type, traffic_source, country`,
  );
  return rows.map((r) => [r.step_1, r.step_2, r.step_3, r.step_4, r.step_5].map(Number));
}

async function reached(w: ModelWarehouse, table: string, order = 'user_key') {
  const rows = await w.rows(`select user_key, reached_step from ${table} order by ${order}`);
  return rows.map((r) => [r.user_key, r.reached_step]);
}

describe('int_funnel_users', () => {
  it('counts steps in order within 24 h of the entry; out-of-order and late steps do not count', async () => {
    wh = await modelWarehouse();
    const q = await wh.send(
      // u1: every step in order -> 5
      page('u1', '2026-05-01T10:00:00Z'),
      viewed('u1', '2026-05-01T10:01:00Z'),
      added('u1', '2026-05-01T10:02:00Z'),
      checkout('u1', '2026-05-01T10:03:00Z'),
      bought('u1', '2026-05-01T10:04:00Z', 'o1'),
      // u2: add to cart before the product view -> the cart does not count, and the
      // checkout after it has no step 3 before it -> 2
      page('u2', '2026-05-01T10:00:00Z'),
      added('u2', '2026-05-01T10:01:00Z'),
      viewed('u2', '2026-05-01T10:02:00Z'),
      checkout('u2', '2026-05-01T10:03:00Z'),
      // u3: the product view comes before the day's first page view -> 1
      viewed('u3', '2026-05-01T09:00:00Z'),
      page('u3', '2026-05-01T10:00:00Z'),
      added('u3', '2026-05-01T10:05:00Z'),
      // u4: checkout the next day inside the window (23 h), order 24 h + 1 s after entry -> 4
      page('u4', '2026-05-01T10:00:00Z'),
      viewed('u4', '2026-05-01T10:10:00Z'),
      added('u4', '2026-05-01T10:20:00Z'),
      checkout('u4', '2026-05-02T09:00:00Z'),
      bought('u4', '2026-05-02T10:00:01Z', 'o4'),
      // u5: order exactly 24 h after entry: the window is inclusive -> 5
      page('u5', '2026-05-01T12:00:00Z'),
      viewed('u5', '2026-05-01T12:01:00Z'),
      added('u5', '2026-05-01T12:02:00Z'),
      checkout('u5', '2026-05-01T12:03:00Z'),
      bought('u5', '2026-05-02T12:00:00Z', 'o5'),
    );
    expect(q).toEqual([]);
    await wh.runGreen({ select: FUNNEL });

    // The next day has no page views: u4 and u5 have no entry on 2026-05-02.
    expect(
      await wh.rows(
        'select user_key, entry_day, entry_at, step_2_at, step_3_at, step_4_at, step_5_at, reached_step from int_funnel_users order by user_key',
      ),
    ).toEqual([
      {
        user_key: 'u1',
        entry_day: '2026-05-01',
        entry_at: '2026-05-01 10:00:00',
        step_2_at: '2026-05-01 10:01:00',
        step_3_at: '2026-05-01 10:02:00',
        step_4_at: '2026-05-01 10:03:00',
        step_5_at: '2026-05-01 10:04:00',
        reached_step: 5,
      },
      {
        user_key: 'u2',
        entry_day: '2026-05-01',
        entry_at: '2026-05-01 10:00:00',
        step_2_at: '2026-05-01 10:02:00',
        step_3_at: null,
        step_4_at: null,
        step_5_at: null,
        reached_step: 2,
      },
      {
        user_key: 'u3',
        entry_day: '2026-05-01',
        entry_at: '2026-05-01 10:00:00',
        step_2_at: null,
        step_3_at: null,
        step_4_at: null,
        step_5_at: null,
        reached_step: 1,
      },
      {
        user_key: 'u4',
        entry_day: '2026-05-01',
        entry_at: '2026-05-01 10:00:00',
        step_2_at: '2026-05-01 10:10:00',
        step_3_at: '2026-05-01 10:20:00',
        step_4_at: '2026-05-02 09:00:00',
        step_5_at: null,
        reached_step: 4,
      },
      {
        user_key: 'u5',
        entry_day: '2026-05-01',
        entry_at: '2026-05-01 12:00:00',
        step_2_at: '2026-05-01 12:01:00',
        step_3_at: '2026-05-01 12:02:00',
        step_4_at: '2026-05-01 12:03:00',
        step_5_at: '2026-05-02 12:00:00',
        reached_step: 5,
      },
    ]);

    // User level, 2026-05-01: reached steps 5, 2, 1, 4, 5.
    //   step_1 = 5, step_2 = 4 (not u3), step_3 = 3 (u1 u4 u5), step_4 = 3, step_5 = 2 (u1 u5)
    const [total] = await wh.rows(
      "select * from mart_funnel_daily where level = 'user' and breakdown = 'total'",
    );
    expect(total).toMatchObject({
      day: '2026-05-01',
      device_type: 'all',
      traffic_source: 'all',
      country: 'all',
      step_1: '5',
      step_2: '4',
      step_3: '3',
      step_4: '3',
      step_5: '2',
      step_2_conversion: 4 / 5,
      step_3_conversion: 3 / 4,
      step_4_conversion: 1,
      step_5_conversion: 2 / 3,
      overall_conversion: 2 / 5,
      drop_off_2: '1',
      drop_off_3: '1',
      drop_off_4: '0',
      drop_off_5: '1',
    });
  });

  it('applies the funnel_window_hours setting', async () => {
    // page 10:00, product view 10:30, cart 10:59, checkout 11:00 (1 h: inside, inclusive),
    // order 11:00:01 (1 h + 1 s: outside a 1-hour window, inside the default 24 h).
    const events = [
      page('u1', '2026-05-01T10:00:00Z'),
      viewed('u1', '2026-05-01T10:30:00Z'),
      added('u1', '2026-05-01T10:59:00Z'),
      checkout('u1', '2026-05-01T11:00:00Z'),
      bought('u1', '2026-05-01T11:00:01Z', 'o1'),
    ];
    wh = await modelWarehouse({ settings: { funnelWindowHours: 1 } });
    await wh.send(...events);
    await wh.runGreen({ select: FUNNEL });
    expect(await wh.rows('select window_end, reached_step from int_funnel_users')).toEqual([
      { window_end: '2026-05-01 11:00:00', reached_step: 4 },
    ]);
    expect(await steps(wh, "level = 'user' and breakdown = 'total'")).toEqual([[1, 1, 1, 1, 0]]);
    await wh.close();

    wh = await modelWarehouse();
    await wh.send(...events);
    await wh.runGreen({ select: FUNNEL });
    expect(await wh.rows('select window_end, reached_step from int_funnel_users')).toEqual([
      { window_end: '2026-05-02 10:00:00', reached_step: 5 },
    ]);
  });
});

describe('entry days in the reporting time zone', () => {
  it('splits entries at local midnight, across a DST change, as stg_events.event_day does', async () => {
    wh = await modelWarehouse({ settings: { reportTimeZone: 'America/New_York' } });
    await wh.send(
      // New York: EST (UTC-5) until 2026-03-08 02:00 local, then EDT (UTC-4).
      page('u1', '2026-03-08T04:59:59Z'), // 03-07 23:59:59 local
      page('u1', '2026-03-08T05:00:00Z'), // 03-08 00:00:00 local: a new entry day
      viewed('u1', '2026-03-08T05:01:00Z'),
      page('u1', '2026-03-09T03:59:59Z'), // 03-08 23:59:59 EDT: same day as 05:00Z
      page('u1', '2026-03-09T04:00:00Z'), // 03-09 00:00:00 EDT
    );
    await wh.runGreen({ select: FUNNEL });
    expect(
      await wh.rows('select entry_day, entry_at, reached_step from int_funnel_users order by 1'),
    ).toEqual([
      { entry_day: '2026-03-07', entry_at: '2026-03-08 04:59:59', reached_step: 2 },
      { entry_day: '2026-03-08', entry_at: '2026-03-08 05:00:00', reached_step: 2 },
      { entry_day: '2026-03-09', entry_at: '2026-03-09 04:00:00', reached_step: 1 },
    ]);
    // The same days as the staging model's per-event conversion.
    expect(
      await wh.rows(
        "select event_day as entry_day, min(event_at) as entry_at from stg_events where event_type = 'page_view' group by 1 order by 1",
      ),
    ).toEqual(await wh.rows('select entry_day, entry_at from int_funnel_users order by 1'));
  });
});

describe('int_funnel_sessions and the two levels', () => {
  it('differ on the same data: the session is the window, the user-day spans sessions', async () => {
    wh = await modelWarehouse();
    await wh.send(
      // Session A (10:00-10:05): page, product view.
      page('u1', '2026-05-01T10:00:00Z'),
      viewed('u1', '2026-05-01T10:05:00Z'),
      // Session B, two hours later (12:00-12:03): page, cart, checkout, order; no product
      // view inside it, so it stops at step 1.
      page('u1', '2026-05-01T12:00:00Z'),
      added('u1', '2026-05-01T12:01:00Z'),
      checkout('u1', '2026-05-01T12:02:00Z'),
      bought('u1', '2026-05-01T12:03:00Z', 'o1'),
      // Session C (14:00): a product view and no page view: reached_step 0, not counted.
      viewed('u1', '2026-05-01T14:00:00Z'),
    );
    await wh.runGreen({ select: FUNNEL });
    // User: entry 10:00, product view 10:05, cart 12:01, checkout 12:02, order 12:03 -> 5.
    expect(await reached(wh, 'int_funnel_users')).toEqual([['u1', 5]]);
    expect(await reached(wh, 'int_funnel_sessions', 'session_start')).toEqual([
      ['u1', 2],
      ['u1', 1],
      ['u1', 0],
    ]);
    // Session level: 2 sessions with a page view; 1 reached step 2; none further.
    expect(await steps(wh, "breakdown = 'total'")).toEqual([
      [2, 1, 0, 0, 0],
      [1, 1, 1, 1, 1],
    ]);
    const [sessions] = await wh.rows(
      "select step_2_conversion, step_3_conversion, step_4_conversion, overall_conversion, drop_off_2, drop_off_3 from mart_funnel_daily where level = 'session' and breakdown = 'total'",
    );
    // 1/2 reached step 2, 0/1 step 3, step 4 from 0: null, overall 0/2.
    expect(sessions).toEqual({
      step_2_conversion: 0.5,
      step_3_conversion: 0,
      step_4_conversion: null,
      overall_conversion: 0,
      drop_off_2: '1',
      drop_off_3: '1',
    });
  });
});

describe('mart_funnel_daily breakdowns', () => {
  it('splits by the entry event device, traffic source and country, with rollups', async () => {
    wh = await modelWarehouse();
    const google = {
      userAgent: MOBILE,
      campaign: { source: 'Google' },
      location: { country: 'DE' },
    };
    const referred = {
      userAgent: DESKTOP,
      page: { path: '/', referrer: 'https://www.example.org/post' },
      location: { country: 'US' },
    };
    const q = await wh.send(
      // a: mobile / google / DE, reaches step 3.
      page('a', '2026-05-01T10:00:00Z', google),
      viewed('a', '2026-05-01T10:01:00Z', google),
      added('a', '2026-05-01T10:02:00Z', google),
      // b: desktop / www.example.org / US, reaches step 2.
      page('b', '2026-05-01T10:00:00Z', referred),
      viewed('b', '2026-05-01T10:01:00Z', referred),
      // c: enters on mobile / google / DE and views a product from a desktop in the US:
      // counted under the entry's attributes, reaches step 2.
      page('c', '2026-05-01T10:00:00Z', google),
      viewed('c', '2026-05-01T10:01:00Z', referred),
      // d: a bot going all the way: left out.
      page('d', '2026-05-01T10:00:00Z', { userAgent: BOT }),
      viewed('d', '2026-05-01T10:01:00Z', { userAgent: BOT }),
      added('d', '2026-05-01T10:02:00Z', { userAgent: BOT }),
      checkout('d', '2026-05-01T10:03:00Z', { userAgent: BOT }),
    );
    expect(q).toEqual([]);
    await wh.runGreen({ select: FUNNEL });
    expect(
      await wh.rows(
        'select user_key, device_type, traffic_source, country, reached_step from int_funnel_users order by user_key',
      ),
    ).toEqual([
      {
        user_key: 'a',
        device_type: 'mobile',
        traffic_source: 'google',
        country: 'DE',
        reached_step: 3,
      },
      {
        user_key: 'b',
        device_type: 'desktop',
        traffic_source: 'www.example.org',
        country: 'US',
        reached_step: 2,
      },
      {
        user_key: 'c',
        device_type: 'mobile',
        traffic_source: 'google',
        country: 'DE',
        reached_step: 2,
      },
    ]);
    const cube = await wh.rows(
      `select breakdown, device_type, traffic_source, country, ${STEPS} from mart_funnel_daily where level = 'user' order by breakdown, device_type, traffic_source, country`,
    );
    const row = (
      breakdown: string,
      device_type: string,
      traffic_source: string,
      country: string,
      s: number[],
    ) => ({
      breakdown,
      device_type,
      traffic_source,
      country,
      step_1: String(s[0]),
      step_2: String(s[1]),
      step_3: String(s[2]),
      step_4: String(s[3]),
      step_5: String(s[4]),
    });
    // mobile/google/DE: a (3) + c (2) -> 2, 2, 1, 0, 0; desktop/example/US: b (2) -> 1, 1, 0, 0, 0.
    const mobile = [2, 2, 1, 0, 0];
    const desktop = [1, 1, 0, 0, 0];
    expect(cube).toEqual([
      row('country', 'all', 'all', 'DE', mobile),
      row('country', 'all', 'all', 'US', desktop),
      row('device', 'desktop', 'all', 'all', desktop),
      row('device', 'mobile', 'all', 'all', mobile),
      row('device_country', 'desktop', 'all', 'US', desktop),
      row('device_country', 'mobile', 'all', 'DE', mobile),
      row('device_source', 'desktop', 'www.example.org', 'all', desktop),
      row('device_source', 'mobile', 'google', 'all', mobile),
      row('device_source_country', 'desktop', 'www.example.org', 'US', desktop),
      row('device_source_country', 'mobile', 'google', 'DE', mobile),
      row('source', 'all', 'google', 'all', mobile),
      row('source', 'all', 'www.example.org', 'all', desktop),
      row('source_country', 'all', 'google', 'DE', mobile),
      row('source_country', 'all', 'www.example.org', 'US', desktop),
      row('total', 'all', 'all', 'all', [3, 3, 1, 0, 0]),
    ]);
    // Total: step 2 3/3, step 3 1/3, step 4 0/1, step 5 from 0 checkouts: null; overall 0/3.
    const [total] = await wh.rows(
      "select step_2_conversion, step_3_conversion, step_4_conversion, step_5_conversion, overall_conversion, drop_off_3 from mart_funnel_daily where level = 'user' and breakdown = 'total'",
    );
    expect(total).toEqual({
      step_2_conversion: 1,
      step_3_conversion: 1 / 3,
      step_4_conversion: 0,
      step_5_conversion: null,
      overall_conversion: 0,
      drop_off_3: '2',
    });
    // Session level: each user one session, attributes from its first event: the same cells.
    expect(await steps(wh, "level = 'session' and breakdown = 'device_source_country'")).toEqual([
      desktop,
      mobile,
    ]);
  });
});

describe('incremental funnel', () => {
  it('a late event completes the previous day funnel on the next incremental run', async () => {
    wh = await modelWarehouse({ asOf: '2026-05-02T12:00:00Z' });
    await wh.send(
      page('u1', '2026-05-01T20:00:00Z'),
      viewed('u1', '2026-05-01T20:10:00Z'),
      added('u1', '2026-05-01T20:20:00Z'),
      checkout('u1', '2026-05-01T20:30:00Z'),
      page('u2', '2026-05-02T08:00:00Z'),
    );
    await wh.runGreen({ select: FUNNEL });
    expect(await steps(wh, "level = 'user' and breakdown = 'total'")).toEqual([
      [1, 1, 1, 1, 0],
      [1, 0, 0, 0, 0],
    ]);

    // u1's order arrives the next day at 09:00: 13 h after the entry (2026-05-01 20:00),
    // inside the 24-hour window, in a new session. A lookback shorter than the window
    // (int_sessions' 3 h) would rebuild only 2026-05-02 and miss it.
    await wh.send(bought('u1', '2026-05-02T09:00:00Z', 'o1'));
    wh.setNow('2026-05-02T12:01:00Z');
    const second = await wh.runGreen({ select: FUNNEL });
    const byName = new Map(second.models.map((m) => [m.model, m]));
    // The window opens 1440 minutes before the order: 2026-05-01 09:00, day 2026-05-01.
    for (const name of ['int_funnel_users', 'mart_funnel_daily']) {
      expect(byName.get(name)).toMatchObject({
        mode: 'incremental',
        status: 'success',
        windowStart: '2026-05-01 09:00:00.000',
      });
    }
    // int_funnel_sessions keeps int_sessions' 3-hour lookback.
    expect(byName.get('int_funnel_sessions')).toMatchObject({
      mode: 'incremental',
      windowStart: '2026-05-02 06:00:00.000',
    });
    expect(
      await wh.rows(
        'select user_key, entry_day, reached_step, step_5_at from int_funnel_users order by 1',
      ),
    ).toEqual([
      {
        user_key: 'u1',
        entry_day: '2026-05-01',
        reached_step: 5,
        step_5_at: '2026-05-02 09:00:00',
      },
      { user_key: 'u2', entry_day: '2026-05-02', reached_step: 1, step_5_at: null },
    ]);
    // User level: 2026-05-01 now converts; session level: the order is a session of its own
    // without a page view, so the 2026-05-01 session still stops at checkout.
    expect(await steps(wh, "breakdown = 'total'")).toEqual([
      [1, 1, 1, 1, 0],
      [1, 1, 1, 1, 1],
      [1, 0, 0, 0, 0],
      [1, 0, 0, 0, 0],
    ]);
    expect(await reached(wh, 'int_funnel_sessions', 'session_start')).toEqual([
      ['u1', 4],
      ['u2', 1],
      ['u1', 0],
    ]);

    // A third run with nothing new skips the incremental models.
    const third = await wh.run({ select: FUNNEL });
    expect(third.models.find((m) => m.model === 'mart_funnel_daily')).toMatchObject({
      mode: 'unchanged',
    });
  });
});
