import { Type } from '@sinclair/typebox';
import { Count, Day, Instant, Money, Rate, defineEndpoint, iso, isoOrNull } from '../endpoint.js';
import type { Cell, Row } from '../reads.js';

/** The RFM segments, best first, with the R+F+M totals that make them. */
const SEGMENTS = [
  { segment: 'Champion', scoreRange: '13-15' },
  { segment: 'Loyal', scoreRange: '10-12' },
  { segment: 'Potential', scoreRange: '7-9' },
  { segment: 'At Risk', scoreRange: '5-6' },
  { segment: 'Lost', scoreRange: '3-4' },
] as const;

/** Lifecycle stages, buyers first (mart_customers: the first matching rule wins). */
const STAGES = [
  'Loyal',
  'Active Buyer',
  'Churned Buyer',
  'Hot Lead',
  'Cold Lead',
  'Active Browser',
  'Inactive',
] as const;

const TIERS = ['high', 'medium', 'low', 'none'] as const;

const Segment = Type.Union(SEGMENTS.map((s) => Type.Literal(s.segment)));
const Stage = Type.Union(STAGES.map((s) => Type.Literal(s)));
const Tier = Type.Union(TIERS.map((s) => Type.Literal(s)));
const NullableMoney = (description: string) => Type.Union([Money(description), Type.Null()]);
const Text = (description: string) => Type.Union([Type.String(), Type.Null()], { description });
const Score = (description: string) => Type.Integer({ minimum: 1, maximum: 5, description });

const str = (v: Cell | undefined): string | null => (v == null ? null : String(v));
const num = (v: Cell | undefined): number | null => (v == null ? null : Number(v));

export const customers = defineEndpoint({
  path: '/customers',
  summary:
    'Customer base snapshot: RFM segments, recency x frequency grid, retention cohorts, lifecycle stages, hot leads, top customers',
  description:
    'A snapshot as of the last model run (`asOf`), not a date range: KPIs of the customer base; RFM segments (mart_rfm) best first; the recency x frequency score grid; retention cohorts (mart_retention_cohorts) for a cohort grain and basis, the latest `cohorts` of them, empty cohorts included with retention null, the current (incomplete) period flagged, and a retention curve over complete periods of non-empty cohorts; users per lifecycle stage and value tier (mart_customers); the `limit` hot leads with the highest purchase propensity (mart_hot_leads); and the `limit` customers with the highest lifetime value. Money is net product revenue (refunds and cancellations taken off), as exact decimal strings.',
  params: Type.Object({
    cohort: Type.Optional(
      Type.Union([Type.Literal('week'), Type.Literal('month')], {
        description:
          'cohort grain: ISO week (from Monday) or calendar month, local days (default month)',
      }),
    ),
    basis: Type.Optional(
      Type.Union([Type.Literal('first_order'), Type.Literal('first_visit')], {
        description:
          'what places a user in a cohort and what counts as active later: first_order = first order / any order, first_visit = first visit / any visit (default first_order)',
      }),
    ),
    cohorts: Type.Optional(
      Type.String({
        pattern: '^([1-9]|[1-9][0-9]|10[0-4])$',
        description: 'how many of the latest cohorts to return, 1..104 (default 12)',
      }),
    ),
    limit: Type.Optional(
      Type.String({
        pattern: '^([1-9]|[1-9][0-9]|[1-4][0-9][0-9]|500)$',
        description: 'rows of the hot-leads and top-customers lists, 1..500 (default 50)',
      }),
    ),
  }),
  response: Type.Object({
    asOf: Type.Union([Instant('time of the snapshot: the last model run'), Type.Null()]),
    asOfDay: Type.Union([Day('local day of the snapshot'), Type.Null()]),
    cohort: Type.Union([Type.Literal('week'), Type.Literal('month')], {
      description: 'the cohort grain returned',
    }),
    basis: Type.Union([Type.Literal('first_order'), Type.Literal('first_visit')], {
      description: 'the cohort basis returned',
    }),
    limit: Type.Integer({ minimum: 1, maximum: 500, description: 'rows per list' }),
    kpis: Type.Object({
      usersSeen: Count('users seen: any non-bot activity, order or identify call'),
      customers: Count('customers: users with at least one order'),
      repeatCustomers: Count('customers with 2 or more orders'),
      repeatRate: Rate('repeat customers / customers'),
      lifetimeValue: Money('net product revenue of all customers'),
      averageLtv: NullableMoney('lifetime value / customers (null without customers)'),
      hotLeads: Count('users whose latest abandoned cart ended within 7 days, no order since'),
      hotLeadCartValue: Money('estimated value of what the hot leads left in their carts'),
    }),
    segments: Type.Array(
      Type.Object({
        segment: Segment,
        scoreRange: Type.String({ description: 'the R+F+M totals of the segment' }),
        customers: Count('customers in the segment'),
        customerShare: Rate('customers in the segment / all customers'),
        monetary: Money('net product revenue of the segment customers'),
        monetaryShare: Rate('the segment net revenue / all customers net revenue'),
        averageMonetary: NullableMoney('net revenue per customer of the segment'),
        averageRecencyDays: Type.Union([Type.Number(), Type.Null()], {
          description:
            'mean days since the last order (an order up to a day ahead of the clock counts as -1)',
        }),
        averageFrequency: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
          description: 'mean orders per customer',
        }),
      }),
      { description: 'all five segments, best (Champion) to worst (Lost), empty ones with 0' },
    ),
    rfGrid: Type.Array(
      Type.Object({
        rScore: Score('recency score, 5 = ordered most recently'),
        fScore: Score('frequency score, 5 = most orders'),
        customers: Count('customers with these scores'),
        averageMonetary: NullableMoney('their mean net revenue (null when no customer)'),
        recencyDays: Type.Union([Type.Tuple([Type.Integer(), Type.Integer()]), Type.Null()], {
          description: 'least and most days since the last order in the cell',
        }),
        orders: Type.Union([Type.Tuple([Type.Integer(), Type.Integer()]), Type.Null()], {
          description: 'least and most orders in the cell',
        }),
      }),
      { description: 'the 25 cells of r_score x f_score, r 1..5 then f 1..5' },
    ),
    cohorts: Type.Object({
      maxPeriod: Type.Integer({ minimum: 0, description: 'the highest period number returned' }),
      rows: Type.Array(
        Type.Object({
          cohortStart: Day('first local day of the cohort period (a Monday, or the 1st)'),
          cohortSize: Count('users whose first order (visit) fell in the period; 0 = empty'),
          periods: Type.Array(
            Type.Object({
              periodNumber: Type.Integer({ minimum: 0, description: '0 = the cohort period' }),
              periodStart: Day('first local day of the period'),
              activeUsers: Count('cohort users with an order (a visit) in the period'),
              retention: Rate('active users / cohort size; null for an empty cohort'),
              isCurrentPeriod: Type.Boolean({ description: 'the period is still in progress' }),
            }),
          ),
        }),
        { description: 'oldest cohort first' },
      ),
      curve: Type.Array(
        Type.Object({
          periodNumber: Type.Integer({ minimum: 0 }),
          cohorts: Count('non-empty cohorts whose period is complete'),
          cohortUsers: Count('their users'),
          activeUsers: Count('of them active in the period'),
          retention: Rate('active users / cohort users (weighted by cohort size)'),
        }),
        {
          description:
            'retention by period number over the non-empty cohorts for which that period is complete; empty cohorts and the current period are left out',
        },
      ),
    }),
    lifecycle: Type.Array(
      Type.Object({
        stage: Stage,
        users: Count('users in the stage'),
        customers: Count('of them with an order'),
        lifetimeValue: Money('their net product revenue'),
        averageLtv: NullableMoney('lifetime value / users with an order'),
        averagePropensity: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
          description: 'mean purchase propensity score',
        }),
      }),
      { description: 'all seven stages in a fixed order, empty ones with 0' },
    ),
    valueTiers: Type.Array(
      Type.Object({
        tier: Tier,
        users: Count('users in the tier'),
        lifetimeValue: Money('their net product revenue'),
      }),
      { description: 'high, medium, low (by RFM monetary score), none (no net revenue)' },
    ),
    hotLeads: Type.Array(
      Type.Object({
        rank: Type.Integer({ minimum: 1, description: '1 = highest purchase propensity' }),
        userKey: Type.String({ description: 'the user (userId, else anonymousId)' }),
        email: Text('from identify traits'),
        name: Text('from identify traits'),
        country: Type.String({
          description: 'from traits or the latest session; unknown when none',
        }),
        propensity: Type.Number({ minimum: 0, maximum: 1, description: 'purchase propensity' }),
        abandonedAt: Instant('end of the latest abandoned cart session'),
        minutesSinceAbandoned: Count('whole minutes from abandonedAt to asOf'),
        cartItems: Count('distinct products still in the cart'),
        cartUnits: Count('units still in the cart'),
        cartValue: Money('estimated cart value: latest add price x units'),
        cartProducts: Text('product ids still in the cart, comma separated'),
        orders: Count('orders placed before'),
        lifetimeValue: Money('net product revenue of those orders'),
      }),
    ),
    topCustomers: Type.Array(
      Type.Object({
        userKey: Type.String({ description: 'the customer' }),
        email: Text('from identify traits'),
        name: Text('from identify traits'),
        country: Type.String({
          description: 'from traits or the latest session; unknown when none',
        }),
        orders: Count('orders, refunded ones included'),
        lifetimeValue: Money('net product revenue of all orders'),
        aov: NullableMoney('lifetime value / orders'),
        firstOrderAt: Instant('first order'),
        lastOrderAt: Instant('last order'),
        lastOrderDay: Day('local day of the last order'),
        daysSinceLastOrder: Type.Integer({
          description: 'days from the last order day to asOfDay',
        }),
        lifecycleStage: Stage,
        rfmSegment: Segment,
        rfmCell: Type.String({ description: 'R, F and M scores, e.g. 545' }),
        valueTier: Tier,
      }),
      { description: 'highest lifetime value first (ties by userKey)' },
    ),
  }),
  async handle(params, ctx) {
    const cohort = params.cohort ?? 'month';
    const basis = params.basis ?? 'first_order';
    const limit = Number(params.limit ?? 50);
    const cohortCount = Number(params.cohorts ?? 12);
    const [base, segments, grid, cohortRows, leads, top] = await Promise.all([
      ctx.reads.read('customers_base', []),
      ctx.reads.read('customers_segments', []),
      ctx.reads.read('customers_rf_grid', []),
      ctx.reads.read('customers_cohorts', [basis, cohort, cohortCount]),
      ctx.reads.read('customers_hot_leads', [limit]),
      ctx.reads.read('customers_top', [limit]),
    ]);
    const k = base.find((r) => r.kind === 'total');
    const byStage = new Map(base.filter((r) => r.kind === 'stage').map((r) => [r.name, r]));
    const byTier = new Map(base.filter((r) => r.kind === 'tier').map((r) => [r.name, r]));
    // Shares of an absent segment: 0 of something, or null when there is nothing to share.
    const anyCustomer = Number(k?.customers ?? 0) > 0;
    const anyRevenue = Number(k?.lifetime_value ?? 0) > 0;
    const bySegment = new Map(segments.map((r) => [String(r.segment), r]));
    const byCell = new Map(grid.map((r) => [`${Number(r.r_score)}${Number(r.f_score)}`, r]));
    const range = (lo: unknown, hi: unknown): [number, number] | null =>
      lo == null || hi == null ? null : [Number(lo), Number(hi)];
    return {
      asOf: isoOrNull(k?.as_of),
      asOfDay: str(k?.as_of_day),
      cohort,
      basis,
      limit,
      kpis: {
        usersSeen: Number(k?.users ?? 0),
        customers: Number(k?.customers ?? 0),
        repeatCustomers: Number(k?.repeat_customers ?? 0),
        repeatRate: num(k?.repeat_rate),
        lifetimeValue: String(k?.lifetime_value ?? '0'),
        averageLtv: str(k?.average_ltv),
        hotLeads: Number(k?.hot_leads ?? 0),
        hotLeadCartValue: String(k?.hot_lead_cart_value ?? '0'),
      },
      segments: SEGMENTS.map(({ segment, scoreRange }) => {
        const r = bySegment.get(segment);
        return {
          segment,
          scoreRange,
          customers: Number(r?.customers ?? 0),
          customerShare: r ? num(r.customer_share) : anyCustomer ? 0 : null,
          monetary: String(r?.monetary ?? '0'),
          monetaryShare: r ? num(r.monetary_share) : anyRevenue ? 0 : null,
          averageMonetary: str(r?.average_monetary),
          averageRecencyDays: num(r?.average_recency_days),
          averageFrequency: num(r?.average_frequency),
        };
      }),
      rfGrid: [1, 2, 3, 4, 5].flatMap((rScore) =>
        [1, 2, 3, 4, 5].map((fScore) => {
          const r = byCell.get(`${rScore}${fScore}`);
          return {
            rScore,
            fScore,
            customers: Number(r?.customers ?? 0),
            averageMonetary: str(r?.average_monetary),
            recencyDays: range(r?.min_recency_days, r?.max_recency_days),
            orders: range(r?.min_frequency, r?.max_frequency),
          };
        }),
      ),
      cohorts: cohortsOf(cohortRows),
      lifecycle: STAGES.map((stage) => {
        const r = byStage.get(stage);
        return {
          stage,
          users: Number(r?.users ?? 0),
          customers: Number(r?.customers ?? 0),
          lifetimeValue: String(r?.lifetime_value ?? '0'),
          averageLtv: str(r?.average_ltv),
          averagePropensity: num(r?.average_propensity),
        };
      }),
      valueTiers: TIERS.map((tier) => ({
        tier,
        users: Number(byTier.get(tier)?.users ?? 0),
        lifetimeValue: String(byTier.get(tier)?.lifetime_value ?? '0'),
      })),
      hotLeads: leads.map((r) => ({
        rank: Number(r.lead_rank),
        userKey: String(r.user_key),
        email: str(r.email),
        name: str(r.customer_name),
        country: String(r.country ?? 'unknown'),
        propensity: Number(r.propensity_score),
        abandonedAt: iso(r.last_abandoned_at),
        minutesSinceAbandoned: Math.max(0, Number(r.minutes_since_abandoned)),
        cartItems: Number(r.cart_items),
        cartUnits: Number(r.cart_units),
        cartValue: String(r.cart_value),
        cartProducts: str(r.cart_products),
        orders: Number(r.orders),
        lifetimeValue: String(r.lifetime_value),
      })),
      topCustomers: top.map((r) => ({
        userKey: String(r.user_key),
        email: str(r.email),
        name: str(r.customer_name),
        country: String(r.country ?? 'unknown'),
        orders: Number(r.orders),
        lifetimeValue: String(r.lifetime_value),
        aov: str(r.aov),
        firstOrderAt: iso(r.first_order_at),
        lastOrderAt: iso(r.last_order_at),
        lastOrderDay: String(r.last_order_day),
        daysSinceLastOrder: Number(r.days_since_last_order),
        lifecycleStage: String(r.lifecycle_stage) as (typeof STAGES)[number],
        rfmSegment: String(r.rfm_segment) as (typeof SEGMENTS)[number]['segment'],
        rfmCell: String(r.rfm_cell),
        valueTier: String(r.value_tier) as (typeof TIERS)[number],
      })),
    };
  },
});

/**
 * Cohort rows (one per cohort and period, oldest cohort first) as one row per cohort, and the
 * retention curve: per period number, active users / users over the non-empty cohorts whose
 * period is complete (an empty cohort has nobody to retain; the current period is not over).
 */
function cohortsOf(rows: Row[]) {
  const out: {
    cohortStart: string;
    cohortSize: number;
    periods: {
      periodNumber: number;
      periodStart: string;
      activeUsers: number;
      retention: number | null;
      isCurrentPeriod: boolean;
    }[];
  }[] = [];
  const curve = new Map<number, { cohorts: number; cohortUsers: number; activeUsers: number }>();
  let maxPeriod = 0;
  for (const r of rows) {
    const start = String(r.cohort_start);
    let cohort = out.at(-1);
    if (cohort?.cohortStart !== start) {
      cohort = { cohortStart: start, cohortSize: Number(r.cohort_size), periods: [] };
      out.push(cohort);
    }
    const p = {
      periodNumber: Number(r.period_number),
      periodStart: String(r.period_start),
      activeUsers: Number(r.active_users),
      retention: num(r.retention),
      isCurrentPeriod: Boolean(r.is_current_period),
    };
    cohort.periods.push(p);
    maxPeriod = Math.max(maxPeriod, p.periodNumber);
    if (cohort.cohortSize > 0 && !p.isCurrentPeriod) {
      const c = curve.get(p.periodNumber) ?? { cohorts: 0, cohortUsers: 0, activeUsers: 0 };
      c.cohorts += 1;
      c.cohortUsers += cohort.cohortSize;
      c.activeUsers += p.activeUsers;
      curve.set(p.periodNumber, c);
    }
  }
  return {
    maxPeriod,
    rows: out,
    curve: [...curve.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([periodNumber, c]) => ({
        periodNumber,
        ...c,
        retention: c.cohortUsers > 0 ? c.activeUsers / c.cohortUsers : null,
      })),
  };
}
