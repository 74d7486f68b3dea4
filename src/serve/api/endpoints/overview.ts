import { Type } from '@sinclair/typebox';
import {
  Count,
  Day,
  Instant,
  Money,
  RangeParams,
  Rate,
  defineEndpoint,
  iso,
  isoOrNull,
  rangeOf,
} from '../endpoint.js';
import { toSqlTimestamp } from '../../../core/time.js';
import { addDays, previousRange } from '../range.js';
import type { Row } from '../reads.js';

const Kpis = Type.Object({
  netRevenue: Money('net product revenue: gross minus refunds and cancellations'),
  grossRevenue: Money('gross product revenue'),
  refunds: Money('revenue given back'),
  orders: Count('orders (distinct order_id)'),
  aov: Type.Union([Money('net revenue / orders'), Type.Null()]),
  conversionRate: Rate('sessions with an order / sessions'),
  sessions: Count('server-side sessions'),
  activeUsers: Count('distinct users with a visit in the range'),
});

const kpis = (r: Row | undefined) => ({
  netRevenue: String(r?.net_revenue ?? '0'),
  grossRevenue: String(r?.gross_revenue ?? '0'),
  refunds: String(r?.refunds ?? '0'),
  orders: Number(r?.orders ?? 0),
  aov: (r?.aov as string | null) ?? null,
  conversionRate: (r?.conversion_rate as number | null) ?? null,
  sessions: Number(r?.sessions ?? 0),
  activeUsers: Number(r?.active_users ?? 0),
});

/** How far back the per-minute traffic chart reaches. */
const TRAFFIC_HOURS = 6;

export const overview = defineEndpoint({
  path: '/overview',
  summary:
    'KPIs vs the previous period, daily and hourly revenue, traffic, event mix, top products',
  description:
    'KPI totals over the range and over the range of the same length just before it; daily KPIs; net revenue per local hour of the last day of the range and of the same weekday a week before; non-bot events per minute over the last 6 hours with spikes; stored events by type; the 10 products with the most net revenue; and how old the newest event is.',
  params: Type.Object({ ...RangeParams }),
  response: Type.Object({
    range: Type.Object({ from: Day('first day'), to: Day('last day'), days: Type.Integer() }),
    previous: Type.Object({ from: Day('first day'), to: Day('last day') }),
    kpis: Kpis,
    previousKpis: Kpis,
    daily: Type.Array(
      Type.Object({
        day: Day('local day'),
        netRevenue: Money(),
        orders: Count('orders'),
        sessions: Count('sessions'),
        activeUsers: Count('daily active users'),
        conversionRate: Rate('sessions with an order / sessions'),
      }),
    ),
    hourly: Type.Object({
      day: Day('the last day of the range'),
      weekBefore: Day('the same weekday a week before'),
      hours: Type.Array(
        Type.Object({
          hour: Type.Integer({ minimum: 0, maximum: 23 }),
          netRevenue: Money(),
          orders: Count('orders'),
          weekBeforeNetRevenue: Money(),
          weekBeforeOrders: Count('orders a week before'),
        }),
      ),
    }),
    traffic: Type.Array(
      Type.Object({
        minute: Instant('minute start'),
        events: Count('non-bot events'),
        orders: Count('orders'),
        spikeThreshold: Type.Union([Type.Number(), Type.Null()]),
        isSpike: Type.Boolean(),
      }),
    ),
    eventMix: Type.Array(Type.Object({ type: Type.String(), events: Count('stored events') })),
    topProducts: Type.Array(
      Type.Object({
        productId: Type.String(),
        name: Type.String(),
        units: Type.Integer(),
        netRevenue: Money(),
      }),
    ),
    freshness: Type.Object({
      newestEventAt: Type.Union([Instant('event time of the newest event'), Type.Null()]),
      newestReceivedAt: Type.Union([Instant('arrival of the newest event'), Type.Null()]),
      ageSeconds: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
    }),
  }),
  async handle(params, ctx) {
    const range = rangeOf(params, ctx);
    const prev = previousRange(range);
    const tz = ctx.reportTimeZone;
    const since = toSqlTimestamp(ctx.now() - TRAFFIC_HOURS * 3_600_000);
    const [[cur], [before], daily, hourly, traffic, mix, top, [fresh]] = await Promise.all([
      ctx.reads.read('overview_kpis', [range.from, range.to]),
      ctx.reads.read('overview_kpis', [prev.from, prev.to]),
      ctx.reads.read('overview_daily', [range.from, range.to]),
      ctx.reads.read('overview_hourly', [range.to, tz]),
      ctx.reads.read('overview_traffic', [since, toSqlTimestamp(ctx.now())]),
      ctx.reads.read('overview_event_mix', [range.from, range.to, tz]),
      ctx.reads.read('overview_top_products', [range.from, range.to, 10]),
      ctx.reads.read('freshness', []),
    ]);
    const weekBefore = addDays(range.to, -7);
    const byHour = (day: string) =>
      new Map(hourly.filter((r) => r.day === day).map((r) => [Number(r.hour), r]));
    const today = byHour(range.to);
    const lastWeek = byHour(weekBefore);
    const newest = isoOrNull(fresh?.newest_received_at);
    return {
      range,
      previous: { from: prev.from, to: prev.to },
      kpis: kpis(cur),
      previousKpis: kpis(before),
      daily: daily.map((r) => ({
        day: String(r.day),
        netRevenue: String(r.net_revenue),
        orders: Number(r.orders),
        sessions: Number(r.sessions),
        activeUsers: Number(r.dau),
        conversionRate: (r.conversion_rate as number | null) ?? null,
      })),
      hourly: {
        day: range.to,
        weekBefore,
        hours: Array.from({ length: 24 }, (_, hour) => ({
          hour,
          netRevenue: String(today.get(hour)?.net_revenue ?? '0'),
          orders: Number(today.get(hour)?.orders ?? 0),
          weekBeforeNetRevenue: String(lastWeek.get(hour)?.net_revenue ?? '0'),
          weekBeforeOrders: Number(lastWeek.get(hour)?.orders ?? 0),
        })),
      },
      traffic: traffic.map((r) => ({
        minute: iso(r.minute),
        events: Number(r.events),
        orders: Number(r.orders),
        spikeThreshold: (r.spike_threshold as number | null) ?? null,
        isSpike: Boolean(r.is_spike),
      })),
      eventMix: mix.map((r) => ({ type: String(r.event_type), events: Number(r.events) })),
      topProducts: top.map((r) => ({
        productId: String(r.product_id),
        name: String(r.product_name),
        units: Number(r.units),
        netRevenue: String(r.net_revenue),
      })),
      freshness: {
        newestEventAt: isoOrNull(fresh?.newest_event_at),
        newestReceivedAt: newest,
        ageSeconds: newest === null ? null : Math.max(0, (ctx.now() - Date.parse(newest)) / 1000),
      },
    };
  },
});
