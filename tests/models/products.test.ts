import { afterEach, describe, expect, it } from 'vitest';
import { modelWarehouse, order, page, track, type ModelWarehouse } from './harness.js';

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

const view = (user: string, at: string, id: string, extra: Record<string, unknown> = {}) =>
  track(user, 'Product Viewed', at, { product_id: id, ...extra });
const add = (user: string, at: string, id: string, extra: Record<string, unknown> = {}) =>
  track(user, 'Product Added', at, { product_id: id, ...extra });

/*
 * Four sessions, one a day (UTC reporting zone):
 *   u1 05-01: views p1 and p2, adds p1 (x2), orders o1 = p1 x2 @ 10 = 20
 *   u2 05-02: views p1, adds p1, views p3, leaves (abandons p1)
 *   u3 05-03: views p1 (renamed "Big Mug") and p2, adds p2, orders o2 = p2 @ 30 + p1 @ 10;
 *             on 05-04 p2's line is refunded (30)
 *   u4 05-04: orders o3 = p4 x3 @ 5 = 15, no product events at all
 */
const FIXTURE = [
  page('u1', '2026-05-01T10:00:00Z'),
  view('u1', '2026-05-01T10:01:00Z', 'p1', { name: 'Mug', category: 'Kitchen', price: '10.00' }),
  add('u1', '2026-05-01T10:02:00Z', 'p1', { price: '10.00', quantity: 2 }),
  view('u1', '2026-05-01T10:03:00Z', 'p2', { name: 'Lamp', price: '30.00' }),
  order('u1', '2026-05-01T10:05:00Z', 'o1', [{ id: 'p1', price: '10.00', quantity: 2 }]),
  page('u2', '2026-05-02T10:00:00Z'),
  view('u2', '2026-05-02T10:01:00Z', 'p1', { name: 'Mug', price: '10.00' }),
  add('u2', '2026-05-02T10:02:00Z', 'p1', { price: '10.00' }),
  view('u2', '2026-05-02T10:03:00Z', 'p3', { name: 'Vase', brand: 'Acme', price: '12.00' }),
  page('u3', '2026-05-03T10:00:00Z'),
  view('u3', '2026-05-03T10:01:00Z', 'p1', { name: 'Big Mug', price: '11.00' }),
  view('u3', '2026-05-03T10:02:00Z', 'p2', { name: 'Lamp', price: '30.00' }),
  add('u3', '2026-05-03T10:03:00Z', 'p2', { price: '30.00' }),
  order('u3', '2026-05-03T10:05:00Z', 'o2', [
    { id: 'p2', price: '30.00' },
    { id: 'p1', price: '10.00' },
  ]),
  track('u3', 'Order Refunded', '2026-05-04T09:00:00Z', {
    order_id: 'o2',
    products: [{ product_id: 'p2', price: '30.00' }],
  }),
  order('u4', '2026-05-04T10:00:00Z', 'o3', [{ id: 'p4', price: '5.00', quantity: 3 }]),
];

const COLUMNS = `product_id, product_name, category, brand, price, views, add_to_carts, orders,
  units, gross_revenue, refunded_revenue, net_revenue, sessions_viewed, sessions_added,
  sessions_cart_abandoned, view_to_cart_rate, cart_to_order_rate, view_to_order_rate,
  cart_abandonment_rate, revenue_rank, units_rank`;

describe('mart_products', () => {
  it('counts views, carts and sales per product, with nested rates, net revenue and ranks', async () => {
    wh = await modelWarehouse({ asOf: '2026-05-10T12:00:00Z' });
    expect(await wh.send(...FIXTURE)).toEqual([]);
    await wh.runGreen({ strict: MINE });

    const rows = await wh.rows(`select ${COLUMNS} from mart_products order by product_id`);
    expect(rows).toEqual([
      {
        // viewed in u1, u2, u3's sessions; added in u1's and u2's; ordered in o1 (u1) and o2 (u3)
        product_id: 'p1',
        product_name: 'Big Mug', // latest view carrying a name (05-03)
        category: 'Kitchen', // only the 05-01 view carried one
        brand: null,
        price: '10.0000', // o2's line (05-03 10:05) is later than the 11.00 view (10:01)
        views: '3',
        add_to_carts: '2',
        orders: '2',
        units: '3', // 2 + 1
        gross_revenue: '30.0000', // 20 + 10
        refunded_revenue: '0.0000', // the refund names p2 only
        net_revenue: '30.0000',
        sessions_viewed: '3',
        sessions_added: '2',
        sessions_cart_abandoned: '1', // u2
        view_to_cart_rate: 2 / 3, // u1, u2 of u1, u2, u3
        cart_to_order_rate: 0.5, // u1 of u1, u2 (u3 ordered it without adding it)
        view_to_order_rate: 2 / 3, // u1, u3 of u1, u2, u3
        cart_abandonment_rate: 0.5,
        revenue_rank: '1',
        units_rank: '1', // tied with p4 (3 units)
      },
      {
        product_id: 'p2',
        product_name: 'Lamp',
        category: null,
        brand: null,
        price: '30.0000',
        views: '2', // u1, u3
        add_to_carts: '1', // u3
        orders: '1', // o2
        units: '1',
        gross_revenue: '30.0000',
        refunded_revenue: '30.0000', // its line refunded
        net_revenue: '0.0000',
        sessions_viewed: '2',
        sessions_added: '1',
        sessions_cart_abandoned: '0',
        view_to_cart_rate: 0.5,
        cart_to_order_rate: 1,
        view_to_order_rate: 0.5,
        cart_abandonment_rate: 0,
        revenue_rank: '3', // tied with p3 at 0, after p1 (30) and p4 (15)
        units_rank: '3',
      },
      {
        // viewed once (u2), never added, never bought
        product_id: 'p3',
        product_name: 'Vase',
        category: null,
        brand: 'Acme',
        price: '12.0000',
        views: '1',
        add_to_carts: '0',
        orders: '0',
        units: '0',
        gross_revenue: '0.0000',
        refunded_revenue: '0.0000',
        net_revenue: '0.0000',
        sessions_viewed: '1',
        sessions_added: '0',
        sessions_cart_abandoned: '0',
        view_to_cart_rate: 0,
        cart_to_order_rate: null, // no cart: no rate, not 0
        view_to_order_rate: 0,
        cart_abandonment_rate: null,
        revenue_rank: '3',
        units_rank: '4',
      },
      {
        // sold without any product event: attributes from the order line (none sent)
        product_id: 'p4',
        product_name: null,
        category: null,
        brand: null,
        price: '5.0000',
        views: '0',
        add_to_carts: '0',
        orders: '1',
        units: '3',
        gross_revenue: '15.0000',
        refunded_revenue: '0.0000',
        net_revenue: '15.0000',
        sessions_viewed: '0',
        sessions_added: '0',
        sessions_cart_abandoned: '0',
        view_to_cart_rate: null,
        cart_to_order_rate: null,
        view_to_order_rate: null,
        cart_abandonment_rate: null,
        revenue_rank: '2',
        units_rank: '1',
      },
    ]);

    // The daily aggregate behind it: every event on its session's day.
    const days = await wh.rows(
      `select product_id, day, views, add_to_carts, units_added, sessions_ordered,
        sessions_added_ordered, users_viewed
       from int_product_days where product_id = 'p1' order by day`,
    );
    expect(days).toEqual([
      {
        product_id: 'p1',
        day: '2026-05-01',
        views: '1',
        add_to_carts: '1',
        units_added: '2',
        sessions_ordered: '1',
        sessions_added_ordered: '1',
        users_viewed: '1',
      },
      {
        product_id: 'p1',
        day: '2026-05-02',
        views: '1',
        add_to_carts: '1',
        units_added: '1',
        sessions_ordered: '0',
        sessions_added_ordered: '0',
        users_viewed: '1',
      },
      {
        product_id: 'p1',
        day: '2026-05-03',
        views: '1',
        add_to_carts: '0',
        units_added: '0',
        sessions_ordered: '1',
        sessions_added_ordered: '0',
        users_viewed: '1',
      },
    ]);
  });

  it('rebuilds only the touched days, late events included, as a full build would', async () => {
    wh = await modelWarehouse({ asOf: '2026-05-10T12:00:00Z' });
    await wh.send(...FIXTURE);
    await wh.runGreen({ strict: MINE });

    // A late view in u2's 05-02 session, and a new day on which u5 buys p3.
    wh.setNow('2026-05-11T12:00:00Z');
    await wh.send(
      view('u2', '2026-05-02T10:10:00Z', 'p2', { name: 'Lamp', price: '30.00' }),
      view('u5', '2026-05-11T09:00:00Z', 'p3', { name: 'Vase', price: '12.00' }),
      add('u5', '2026-05-11T09:01:00Z', 'p3', { price: '12.00' }),
      order('u5', '2026-05-11T09:02:00Z', 'o4', [{ id: 'p3', price: '12.00' }]),
    );
    const run = await wh.runGreen({ strict: MINE });
    const days = run.models.find((m) => m.model === 'int_product_days');
    // The window opens 3 hours (int_sessions' lookback) before the late event: 05-02.
    expect(days).toMatchObject({ mode: 'incremental', status: 'success' });
    expect(days?.windowStart).toBe('2026-05-02 07:10:00.000');

    const incremental = await wh.rows('select * from int_product_days order by product_id, day');
    const products = await wh.rows(
      `select product_id, views, sessions_viewed, orders, net_revenue, view_to_cart_rate,
        view_to_order_rate, revenue_rank from mart_products where product_id in ('p2', 'p3')
       order by product_id`,
    );
    expect(products).toEqual([
      {
        product_id: 'p2',
        views: '3', // u1, u2 (late), u3
        sessions_viewed: '3',
        orders: '1',
        net_revenue: '0.0000',
        view_to_cart_rate: 1 / 3,
        view_to_order_rate: 1 / 3,
        revenue_rank: '4', // p1 30, p4 15, p3 12, p2 0
      },
      {
        product_id: 'p3',
        views: '2', // u2, u5
        sessions_viewed: '2',
        orders: '1',
        net_revenue: '12.0000',
        view_to_cart_rate: 0.5,
        view_to_order_rate: 0.5,
        revenue_rank: '3',
      },
    ]);

    await wh.runGreen({ strict: MINE, fullRefresh: true });
    expect(await wh.rows('select * from int_product_days order by product_id, day')).toEqual(
      incremental,
    );
  });
});
