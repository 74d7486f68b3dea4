import { afterEach, describe, expect, it } from 'vitest';
import { modelWarehouse, page, track, order, type ModelWarehouse } from './harness.js';

let wh: ModelWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

describe('int_sessions', () => {
  it('splits a user at a 30-minute gap, buckets durations, and flags carts and orders', async () => {
    wh = await modelWarehouse();
    const q = await wh.send(
      page('u1', '2026-05-01T10:00:00Z'),
      track('u1', 'Product Viewed', '2026-05-01T10:01:00Z', { product_id: 'p1', price: '10.00' }),
      track('u1', 'Product Added', '2026-05-01T10:05:00Z', { product_id: 'p1', price: '10.00' }),
      // 29 min 59 s later: same session
      page('u1', '2026-05-01T10:34:59Z'),
      // 30 min after that: a new session, a single page view
      page('u1', '2026-05-01T11:04:59Z'),
      page('u2', '2026-05-01T10:00:00Z'),
      order('u2', '2026-05-01T10:00:20Z', 'o1', [{ id: 'p1', price: '10.00' }]),
    );
    expect(q).toEqual([]);
    const run = await wh.run();
    expect(run.models.filter((m) => m.status === 'error')).toEqual([]);
    const rows = await wh.rows(
      'select user_key, session_start, duration_seconds, duration_bucket, events, cart_abandoned, converted, engagement_score from int_sessions order by user_key, session_start',
    );
    expect(rows).toEqual([
      {
        user_key: 'u1',
        session_start: '2026-05-01 10:00:00',
        duration_seconds: 2099,
        duration_bucket: 'extended',
        events: '4',
        cart_abandoned: true,
        converted: false,
        // 2*2 page views + 3 + 10 + 20 (35 min, capped at 20)
        engagement_score: 37,
      },
      expect.objectContaining({
        user_key: 'u1',
        session_start: '2026-05-01 11:04:59',
        duration_bucket: 'bounce',
        events: '1',
      }),
      expect.objectContaining({
        user_key: 'u2',
        duration_seconds: 20,
        converted: true,
        cart_abandoned: false,
      }),
    ]);
  });
});

describe('model runner', () => {
  it('runs the data tests green and incrementally rebuilds only the changed window', async () => {
    wh = await modelWarehouse();
    await wh.send(page('u1', '2026-05-01T10:00:00Z'), page('u1', '2026-05-01T10:10:00Z'));
    await wh.run();
    const tests = await wh.test();
    expect(tests.results.filter((r) => r.status !== 'pass')).toEqual([]);
    // A late event that bridges into the old session, and a new day.
    await wh.send(page('u1', '2026-05-01T10:20:00Z'), page('u1', '2026-05-02T09:00:00Z'));
    const second = await wh.run({ select: ['int_sessions'] });
    expect(second.models[0]).toMatchObject({ mode: 'incremental', status: 'success' });
    const rows = await wh.rows('select session_start, events from int_sessions order by 1');
    expect(rows).toEqual([
      { session_start: '2026-05-01 10:00:00', events: '3' },
      { session_start: '2026-05-02 09:00:00', events: '1' },
    ]);
    const third = await wh.run({ select: ['int_sessions'] });
    expect(third.models[0]).toMatchObject({ mode: 'unchanged', status: 'skipped' });
  });
});
