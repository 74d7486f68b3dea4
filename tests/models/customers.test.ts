import { afterEach, describe, expect, it } from 'vitest';
import { identify, modelWarehouse, order, page, track, type ModelWarehouse } from './harness.js';

let wh: ModelWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

const MINE = new Set([
  'int_customer_orders',
  'int_product_days',
  'mart_rfm',
  'mart_customers',
  'mart_hot_leads',
  'mart_products',
]);

const add = (user: string, at: string, id: string, price: string, quantity = 1) =>
  track(user, 'Product Added', at, { product_id: id, price, quantity });
const view = (user: string, at: string, id: string, context = {}) =>
  track(user, 'Product Viewed', at, { product_id: id }, context);

// as_of 2026-06-30 12:00 UTC; as_of_day 2026-06-30. "d days ago" = local days before it.
const FIXTURE = [
  // loyal: 3 orders of 50, the last 10 days ago
  order('loyal', '2026-06-01T10:00:00Z', 'L1', [{ id: 'p1', price: '50.00' }]),
  order('loyal', '2026-06-10T10:00:00Z', 'L2', [{ id: 'p1', price: '50.00' }]),
  order('loyal', '2026-06-20T10:00:00Z', 'L3', [{ id: 'p1', price: '50.00' }]),
  // active: 1 order of 80, 15 days ago
  order('active', '2026-06-15T10:00:00Z', 'A1', [{ id: 'p2', price: '80.00' }]),
  // churned: 1 order of 30, 121 days ago
  order('churned', '2026-03-01T10:00:00Z', 'C1', [{ id: 'p2', price: '30.00' }]),
  // returning: bought 121 days ago, left a cart 2 days ago: Hot Lead before Churned Buyer
  order('returning', '2026-03-01T11:00:00Z', 'R1', [{ id: 'p3', price: '20.00' }]),
  page('returning', '2026-06-28T10:00:00Z'),
  add('returning', '2026-06-28T10:01:00Z', 'p3', '15.00'),
  // hot: identified (FR), views, adds p1 x2 and p2, removes p2, leaves; 3 days ago
  identify('hot', '2026-06-27T09:59:00Z', { email: 'hot@example.com', country: 'FR' }),
  page('hot', '2026-06-27T10:00:00Z', { location: { country: 'DE' } }),
  view('hot', '2026-06-27T10:01:00Z', 'p1'),
  add('hot', '2026-06-27T10:02:00Z', 'p1', '25.00', 2),
  add('hot', '2026-06-27T10:03:00Z', 'p2', '10.00'),
  track('hot', 'Product Removed', '2026-06-27T10:04:00Z', { product_id: 'p2' }),
  // mixed: adds p1 and p2 and buys p1 4 days ago; then leaves p4 x3 in a cart the day before
  add('mixed', '2026-06-26T10:00:00Z', 'p1', '25.00'),
  add('mixed', '2026-06-26T10:01:00Z', 'p2', '10.00'),
  order('mixed', '2026-06-26T10:05:00Z', 'M1', [{ id: 'p1', price: '25.00' }]),
  add('mixed', '2026-06-29T10:00:00Z', 'p4', '8.00', 3),
  // browser: views a product 5 days ago, no cart; country from the event
  page('browser', '2026-06-25T10:00:00Z', { location: { country: 'ES' } }),
  view('browser', '2026-06-25T10:01:00Z', 'p1'),
  // shopping: has a cart in a session still open (10 minutes ago): not abandoned yet
  add('shopping', '2026-06-30T11:50:00Z', 'p1', '25.00'),
  // cold: abandoned a cart 20 days ago (past the hot window, within 30 days)
  add('cold', '2026-06-10T10:00:00Z', 'p1', '25.00'),
  // viewer: viewed a product 60 days ago, nothing since
  view('viewer', '2026-05-01T10:00:00Z', 'p2'),
  // paged: a page view 30 days ago (not within 30 days), nothing else
  page('paged', '2026-05-31T10:00:00Z'),
  // ghost: only an identify call
  identify('ghost', '2026-06-01T10:00:00Z', { email: 'ghost@example.com', country: 'IT' }),
];

describe('mart_customers', () => {
  it('assigns each lifecycle stage by its precedence, with propensity, tier and country', async () => {
    wh = await modelWarehouse({ asOf: '2026-06-30T12:00:00Z' });
    expect(await wh.send(...FIXTURE)).toEqual([]);
    await wh.runGreen({ strict: MINE });

    const rows = await wh.rows(
      `select user_key, lifecycle_stage, orders, lifetime_value, aov, days_since_last_order,
        value_tier, rfm_segment, country, email, first_seen_day, last_seen_day
       from mart_customers order by user_key`,
    );
    const stage = Object.fromEntries(rows.map((r) => [r.user_key, r.lifecycle_stage]));
    expect(stage).toEqual({
      active: 'Active Buyer',
      browser: 'Active Browser',
      churned: 'Churned Buyer',
      cold: 'Cold Lead', // abandoned 20 days ago: not hot, and not a browser (cart within 30)
      ghost: 'Inactive',
      hot: 'Hot Lead',
      loyal: 'Loyal',
      mixed: 'Hot Lead', // ordered, then left a cart
      paged: 'Inactive', // 30 days is not within 30 days
      returning: 'Hot Lead', // precedence over Churned Buyer
      shopping: 'Active Browser', // the session is still open: no abandoned cart yet
      viewer: 'Cold Lead', // a product view within 90 days
    });
    const byUser = new Map(rows.map((r) => [String(r.user_key), r]));
    // Monetary scores among the 5 buyers (position = rank, ceil(5 * rank / 5) = rank):
    // returning 20 (1), mixed 25 (2), churned 30 (3), active 80 (4), loyal 150 (5).
    expect(byUser.get('loyal')).toMatchObject({
      orders: '3',
      lifetime_value: '150.0000',
      aov: '50.0000',
      days_since_last_order: 10,
      value_tier: 'high',
    });
    expect(byUser.get('active')).toMatchObject({ value_tier: 'medium', days_since_last_order: 15 });
    expect(byUser.get('churned')).toMatchObject({
      value_tier: 'medium',
      days_since_last_order: 121,
    });
    expect(byUser.get('returning')).toMatchObject({ value_tier: 'low', orders: '1' });
    expect(byUser.get('mixed')).toMatchObject({ value_tier: 'low', orders: '1' });
    expect(byUser.get('hot')).toMatchObject({
      orders: '0',
      lifetime_value: '0.0000',
      aov: null,
      value_tier: 'none',
      rfm_segment: null,
      country: 'FR', // the identify trait wins over the event's DE
      email: 'hot@example.com',
      first_seen_day: '2026-06-27',
    });
    expect(byUser.get('browser')).toMatchObject({ country: 'ES', email: null });
    expect(byUser.get('ghost')).toMatchObject({
      country: 'IT',
      first_seen_day: '2026-06-01',
      last_seen_day: '2026-06-01',
    });

    const score = new Map(
      (await wh.rows('select user_key, propensity_score from mart_customers')).map((r) => [
        String(r.user_key),
        Number(r.propensity_score),
      ]),
    );
    const scores = (user: string) => score.get(user) ?? Number.NaN;
    // 0.20 visit (1 - d/30) + 0.25 cart (1 - d/14) + 0.25 checkout + 0.30 orders/5 (1 - d/180)
    // hot: visit and cart 3 days ago: 0.2 * 27/30 + 0.25 * 11/14
    expect(scores('hot')).toBeCloseTo(0.18 + 0.25 * (11 / 14), 12);
    // browser: visit 5 days ago, no cart: 0.2 * 25/30
    expect(scores('browser')).toBeCloseTo(0.2 * (25 / 30), 12);
    // loyal: the last order is also the last visit, 10 days ago; no cart events
    expect(scores('loyal')).toBeCloseTo(0.2 * (20 / 30) + 0.3 * (3 / 5) * (170 / 180), 12);
    // returning: visit and cart 2 days ago, 1 order 121 days ago
    expect(scores('returning')).toBeCloseTo(
      0.2 * (28 / 30) + 0.25 * (12 / 14) + 0.3 * (1 / 5) * (59 / 180),
      12,
    );
    // paged (30 days), ghost (never visited): 0
    expect(scores('paged')).toBe(0);
    expect(scores('ghost')).toBe(0);
    expect(scores('mixed')).toBeCloseTo(
      0.2 * (29 / 30) + 0.25 * (13 / 14) + 0.3 * (1 / 5) * (176 / 180),
      12,
    );
    // the obvious order: fresh cart > recent browsing > nothing recent
    expect(scores('hot')).toBeGreaterThan(scores('browser'));
    expect(scores('browser')).toBeGreaterThan(scores('paged'));
  });

  it('lists hot leads with their cart, and drops a lead once they order', async () => {
    wh = await modelWarehouse({ asOf: '2026-06-30T12:00:00Z' });
    await wh.send(...FIXTURE);
    await wh.runGreen({ strict: MINE });
    const leads = await wh.rows(
      `select user_key, lead_rank, email, country, last_abandoned_at, minutes_since_abandoned,
        cart_items, cart_units, cart_value, cart_products
       from mart_hot_leads order by lead_rank`,
    );
    expect(leads).toEqual([
      {
        // propensity 0.2 * 29/30 + 0.25 * 13/14 + 0.3 * 1/5 * 176/180 = 0.4841
        user_key: 'mixed',
        lead_rank: '1',
        email: null,
        country: 'unknown',
        last_abandoned_at: '2026-06-29 10:00:00',
        minutes_since_abandoned: 26 * 60,
        cart_items: '2', // p1 was ordered after it was added; p2 was not
        cart_units: '4',
        cart_value: '34.0000', // 10.00 + 3 x 8.00
        cart_products: 'p2, p4',
      },
      {
        // propensity 0.4206 (above)
        user_key: 'returning',
        lead_rank: '2',
        email: null,
        country: 'unknown',
        last_abandoned_at: '2026-06-28 10:01:00',
        minutes_since_abandoned: 2 * 1440 + 119, // 06-28 10:01 to 06-30 12:00
        cart_items: '1',
        cart_units: '1',
        cart_value: '15.0000',
        cart_products: 'p3',
      },
      {
        // propensity 0.3764 (above)
        user_key: 'hot',
        lead_rank: '3',
        email: 'hot@example.com',
        country: 'FR',
        last_abandoned_at: '2026-06-27 10:04:00', // the session's last event
        minutes_since_abandoned: 3 * 1440 + 116, // 06-27 10:04 to 06-30 12:00
        cart_items: '1', // p2 was removed
        cart_units: '2',
        cart_value: '50.0000', // 2 x 25.00
        cart_products: 'p1',
      },
    ]);

    // A day later hot buys p1: no longer a Hot Lead, an Active Buyer. returning's cart is
    // still within 7 days, and shopping's session has ended, its cart now abandoned.
    wh.setNow('2026-07-01T12:00:00Z');
    await wh.send(order('hot', '2026-07-01T10:00:00Z', 'H1', [{ id: 'p1', price: '25.00' }]));
    await wh.runGreen({ strict: MINE });
    const after = await wh.rows(
      `select user_key, lifecycle_stage, orders from mart_customers
       where user_key in ('hot', 'returning', 'shopping') order by user_key`,
    );
    expect(after).toEqual([
      { user_key: 'hot', lifecycle_stage: 'Active Buyer', orders: '1' },
      { user_key: 'returning', lifecycle_stage: 'Hot Lead', orders: '1' },
      { user_key: 'shopping', lifecycle_stage: 'Hot Lead', orders: '0' },
    ]);
    // mixed: 0.2 * 28/30 + 0.25 * 12/14 + 0.3 * 1/5 * 175/180 = 0.4593;
    // shopping: 0.2 * 29/30 + 0.25 * 13/14 = 0.4255;
    // returning: 0.2 * 27/30 + 0.25 * 11/14 + 0.3 * 1/5 * 58/180 = 0.3958
    expect(await wh.rows('select user_key, lead_rank from mart_hot_leads order by 2')).toEqual([
      { user_key: 'mixed', lead_rank: '1' },
      { user_key: 'shopping', lead_rank: '2' },
      { user_key: 'returning', lead_rank: '3' },
    ]);

    // At 07-05 10:02 returning's cart (06-28 10:01) is more than 7 x 24 h old: back to
    // Churned Buyer (126 days since the order).
    wh.setNow('2026-07-05T10:02:00Z');
    await wh.runGreen({ strict: MINE });
    expect(
      await wh.rows(`select lifecycle_stage from mart_customers where user_key = 'returning'`),
    ).toEqual([{ lifecycle_stage: 'Churned Buyer' }]);
    expect(await wh.rows('select user_key from mart_hot_leads order by lead_rank')).toEqual([
      { user_key: 'mixed' },
      { user_key: 'shopping' },
    ]);
  });
});
