import { Type } from '@sinclair/typebox';
import { toSqlTimestamp } from '../../../core/time.js';
import { Count, Instant, Money, defineEndpoint, iso } from '../endpoint.js';

export const live = defineEndpoint({
  path: '/live',
  summary: 'Revenue, orders and events per second over the last minutes',
  description:
    'The live per-second counters (event time, UTC) committed with every batch; the stream at /api/v1/stream pushes the same counters for the newest seconds.',
  params: Type.Object({
    minutes: Type.Optional(
      Type.String({
        pattern: '^([1-9]|[1-5][0-9]|60)$',
        description: 'how many minutes back, 1-60 (default 15)',
      }),
    ),
  }),
  response: Type.Object({
    since: Instant('first second included'),
    seconds: Type.Array(
      Type.Object({
        at: Instant('second'),
        events: Count('events'),
        orders: Count('orders'),
        netRevenue: Money('gross revenue minus refunds in the second'),
      }),
    ),
  }),
  async handle(params, ctx) {
    const since = ctx.now() - Number(params.minutes ?? 15) * 60_000;
    const rows = await ctx.reads.read('live_seconds', [toSqlTimestamp(since)]);
    return {
      since: new Date(since).toISOString(),
      seconds: rows.map((r) => ({
        at: iso(r.bucket_at),
        events: Number(r.events),
        orders: Number(r.orders),
        netRevenue: String(r.net_revenue),
      })),
    };
  },
});
