import { Type } from '@sinclair/typebox';
import { Count, Day, Money, RangeParams, Rate, defineEndpoint, rangeOf } from '../endpoint.js';
import { addDays, previousRange } from '../range.js';
import type { Row } from '../reads.js';

/** How many products the daily chart follows. */
const TOP_DAILY = 5;
const DEFAULT_LIMIT = 200;

const Sort = Type.Union(
  [
    Type.Literal('net_revenue'),
    Type.Literal('units'),
    Type.Literal('orders'),
    Type.Literal('views'),
    Type.Literal('view_to_order_rate'),
  ],
  {
    description:
      'order of the rows, highest first (default net_revenue); ties by net revenue, then product id',
  },
);

const Product = Type.Object({
  productId: Type.String({ description: 'the shop’s product id' }),
  name: Type.String({ description: 'latest name seen (dim_product), else the product id' }),
  category: Type.Union([Type.String(), Type.Null()], { description: 'latest category seen' }),
  brand: Type.Union([Type.String(), Type.Null()], { description: 'latest brand seen' }),
  views: Count('product_viewed events (non-bot) in sessions that started in the range'),
  addToCarts: Count('product_added events (non-bot) in sessions that started in the range'),
  orders: Count('orders placed in the range with a product line for it'),
  units: Count('units sold on orders placed in the range'),
  grossRevenue: Money('product line revenue of orders placed in the range'),
  refunds: Money('revenue of those lines given back by refunds and cancellations'),
  netRevenue: Money('gross revenue minus refunds'),
  sessionsViewed: Count('sessions that viewed it'),
  sessionsAdded: Count('sessions that added it to the cart'),
  sessionsOrdered: Count('sessions with an order containing it'),
  sessionsCartAbandoned: Count('sessions that added it and did not order it'),
  viewToCartRate: Rate('sessions that viewed and added it / sessions that viewed it'),
  cartToOrderRate: Rate('sessions that added and ordered it / sessions that added it'),
  viewToOrderRate: Rate('sessions that viewed and ordered it / sessions that viewed it'),
  cartAbandonmentRate: Rate('sessions that added and did not order it / sessions that added it'),
  revenueRank: Type.Integer({
    minimum: 1,
    description:
      'rank by net revenue among all the range’s products, 1 = most (ties share a rank: 1, 1, 3)',
  }),
  unitsRank: Type.Integer({
    minimum: 1,
    description: 'rank by units among all the range’s products, 1 = most (ties share a rank)',
  }),
});

const Totals = Type.Object(
  {
    productsViewed: Count('distinct products viewed in a session that started in the range'),
    productsSold: Count('distinct products on orders placed in the range'),
    units: Count('units sold on orders placed in the range'),
    grossRevenue: Money('product revenue of orders placed in the range'),
    refunds: Money('revenue of those orders given back'),
    netRevenue: Money('gross revenue minus refunds'),
  },
  { description: 'over every product of the range (not filtered by q)' },
);

const str = (v: Row[string] | undefined, fallback = '0') => (v == null ? fallback : String(v));
const rate = (v: Row[string] | undefined) => (v == null ? null : Number(v));

const totals = (r: Row | undefined) => ({
  productsViewed: Number(r?.products_viewed ?? 0),
  productsSold: Number(r?.products_sold ?? 0),
  units: Number(r?.units ?? 0),
  grossRevenue: str(r?.gross_revenue),
  refunds: str(r?.refunded_revenue),
  netRevenue: str(r?.net_revenue),
});

const product = (r: Row) => ({
  productId: String(r.product_id),
  name: String(r.product_name),
  category: r.category == null ? null : String(r.category),
  brand: r.brand == null ? null : String(r.brand),
  views: Number(r.views),
  addToCarts: Number(r.add_to_carts),
  orders: Number(r.orders),
  units: Number(r.units),
  grossRevenue: str(r.gross_revenue),
  refunds: str(r.refunded_revenue),
  netRevenue: str(r.net_revenue),
  sessionsViewed: Number(r.sessions_viewed),
  sessionsAdded: Number(r.sessions_added),
  sessionsOrdered: Number(r.sessions_ordered),
  sessionsCartAbandoned: Number(r.sessions_cart_abandoned),
  viewToCartRate: rate(r.view_to_cart_rate),
  cartToOrderRate: rate(r.cart_to_order_rate),
  viewToOrderRate: rate(r.view_to_order_rate),
  cartAbandonmentRate: rate(r.cart_abandonment_rate),
  revenueRank: Number(r.revenue_rank),
  unitsRank: Number(r.units_rank),
});

export const products = defineEndpoint({
  path: '/products',
  summary: 'Product performance: views, carts, orders, units, net revenue, rates and ranks',
  description:
    'Per product over the range: product events and session-based rates from the clickstream (sessions that started in the range, bots left out), orders, units and revenue from the product lines of orders placed in the range (refunds booked against the order), ranks by net revenue and by units among all the range’s products; filtered by `q`, sorted by `sort`, cut to `limit` rows. Also totals for the range and the daily net revenue and units of the 5 products with the most net revenue.',
  params: Type.Object({
    ...RangeParams,
    q: Type.Optional(
      Type.String({
        maxLength: 100,
        description:
          'only products whose id, name, category or brand contains this text (case-insensitive)',
      }),
    ),
    sort: Type.Optional(Sort),
    limit: Type.Optional(
      Type.String({
        pattern: '^([1-9][0-9]{0,2}|1000)$',
        description: 'rows to return, 1..1000 (default 200)',
      }),
    ),
  }),
  response: Type.Object({
    range: Type.Object({ from: Day('first day'), to: Day('last day'), days: Type.Integer() }),
    q: Type.String({ description: 'the search text applied ("" = none)' }),
    sort: Sort,
    limit: Type.Integer({ minimum: 1, maximum: 1000, description: 'the row limit applied' }),
    matching: Count('products matching `q` (rows before the limit)'),
    totals: Totals,
    previous: Type.Object(
      { from: Day('first day'), to: Day('last day'), totals: Totals },
      { description: 'the totals of the range of the same length just before' },
    ),
    rows: Type.Array(Product),
    topDaily: Type.Array(
      Type.Object({
        productId: Type.String(),
        name: Type.String(),
        netRevenue: Money('net revenue over the range'),
        days: Type.Array(
          Type.Object({
            day: Day('local order day'),
            netRevenue: Money('net revenue of the day’s orders'),
            units: Count('units of the day’s orders'),
          }),
          { description: 'every day of the range, zero days included' },
        ),
      }),
      { description: 'the 5 products with the most net revenue in the range (not filtered by q)' },
    ),
  }),
  async handle(params, ctx) {
    const range = rangeOf(params, ctx);
    const q = (params.q ?? '').trim();
    const sort = params.sort ?? 'net_revenue';
    const limit = Number(params.limit ?? DEFAULT_LIMIT);
    const prev = previousRange(range);
    const [rows, [cur], [before], top] = await Promise.all([
      ctx.reads.read('products_rows', [range.from, range.to, q, sort, limit]),
      ctx.reads.read('products_totals', [range.from, range.to]),
      ctx.reads.read('products_totals', [prev.from, prev.to]),
      ctx.reads.read('products_top_daily', [range.from, range.to, TOP_DAILY]),
    ]);
    const days = Array.from({ length: range.days }, (_, i) => addDays(range.from, i));
    const topIds = [...new Set(top.map((r) => String(r.product_id)))];
    const topDaily = topIds.map((id) => {
      const own = top.filter((r) => String(r.product_id) === id);
      const byDay = new Map(own.map((r) => [String(r.day), r]));
      return {
        productId: id,
        name: String(own[0]!.product_name),
        netRevenue: str(own[0]!.total_net_revenue),
        days: days.map((day) => ({
          day,
          netRevenue: str(byDay.get(day)?.net_revenue),
          units: Number(byDay.get(day)?.units ?? 0),
        })),
      };
    });
    return {
      range,
      q,
      sort,
      limit,
      matching: Number(rows[0]?.matching ?? 0),
      totals: totals(cur),
      previous: { from: prev.from, to: prev.to, totals: totals(before) },
      rows: rows.map(product),
      topDaily,
    };
  },
});
