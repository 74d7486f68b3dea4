import { Type, type Static } from '@sinclair/typebox';
import { Count, Day, RangeParams, Rate, defineEndpoint, rangeOf } from '../endpoint.js';
import { addDays, previousRange } from '../range.js';
import type { Row } from '../reads.js';

/** The ordered steps: the event each counts and how the page names it. */
export const FUNNEL_STEPS = [
  { step: 1, event: 'page_view', label: 'Page view' },
  { step: 2, event: 'product_viewed', label: 'Product view' },
  { step: 3, event: 'product_added', label: 'Add to cart' },
  { step: 4, event: 'checkout_started', label: 'Checkout' },
  { step: 5, event: 'order_completed', label: 'Order' },
] as const;

/** Breakdown values shown one by one (by step-1 count); the rest are summed into "other". */
const TOP_VALUES = 8;
/** The window int_funnel_users is built with when no model run recorded one yet. */
const DEFAULT_WINDOW_HOURS = 24;

const StepCounts = (what: string) =>
  Type.Array(Count(`${what} that reached the step`), {
    minItems: 5,
    maxItems: 5,
    description: `${what} that reached steps 1..5 (index 0 = step 1); nested, so never increasing`,
  });

const Step = Type.Object({
  step: Type.Integer({ minimum: 1, maximum: 5, description: 'step number, 1 = page view' }),
  event: Type.String({ description: 'the event (event_type) that counts for the step' }),
  label: Type.String({ description: 'display name of the step' }),
  count: Count('units (users or sessions) that reached the step in order within the window'),
  stepConversion: Rate('count / count of the previous step; null for step 1 or an empty step'),
  overallConversion: Rate('count / count of step 1'),
  dropOff: Count('units of the previous step that did not reach this one (0 for step 1)'),
});

const Breakdown = Type.Union(
  [
    Type.Literal('none'),
    Type.Literal('device'),
    Type.Literal('traffic_source'),
    Type.Literal('country'),
  ],
  {
    description:
      'split the funnel by device type, traffic source or country (default none). User level: the value of the user’s first entry in the range',
  },
);

const ByValue = Type.Object({
  value: Type.String({ description: 'breakdown value, or "other" for the rest' }),
  isOther: Type.Boolean({ description: 'the sum of the values beyond the top 8' }),
  values: Count('breakdown values summed in this row (1 unless isOther)'),
  counts: StepCounts('units of this value'),
  stepConversions: Type.Array(Rate('step k / step k-1'), {
    description: 'conversion of steps 2..5 (index 0 = step 2)',
  }),
  overallConversion: Rate('step 5 / step 1'),
  share: Rate('step 1 of this value / step 1 of all'),
});

type Counts = [number, number, number, number, number];

const countsOf = (r: Row | undefined): Counts => [
  Number(r?.step_1 ?? 0),
  Number(r?.step_2 ?? 0),
  Number(r?.step_3 ?? 0),
  Number(r?.step_4 ?? 0),
  Number(r?.step_5 ?? 0),
];

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

const steps = (c: Counts) =>
  FUNNEL_STEPS.map((s, i) => ({
    ...s,
    count: c[i]!,
    stepConversion: i === 0 ? null : ratio(c[i]!, c[i - 1]!),
    overallConversion: ratio(c[i]!, c[0]),
    dropOff: i === 0 ? 0 : c[i - 1]! - c[i]!,
  }));

const add = (a: Counts, b: Counts): Counts => a.map((x, i) => x + b[i]!) as Counts;

const stepConversions = (c: Counts) => [1, 2, 3, 4].map((i) => ratio(c[i]!, c[i - 1]!));

export const funnel = defineEndpoint({
  path: '/funnel',
  summary: 'Conversion funnel (page view → order) at user or session level, by day and breakdown',
  description:
    'Ordered steps 1 page view, 2 product view, 3 add to cart, 4 checkout, 5 order, each reached at or after the previous one. User level: distinct users over the range (never a sum of daily counts) who reached the step from an entry page view in the range within `window` hours; session level: sessions with a page view that started in the range, the session being the window. Counts, step and overall conversion, drop-offs; the same per breakdown value (the top 8 by step 1 plus "other"); and per local day (user level: users entering that day).',
  params: Type.Object({
    ...RangeParams,
    level: Type.Optional(
      Type.Union([Type.Literal('user'), Type.Literal('session')], {
        description: 'count distinct users (default) or sessions',
      }),
    ),
    window: Type.Optional(
      Type.String({
        pattern: '^([1-9]|1[0-9]|2[0-4])$',
        description:
          'conversion window in hours after the entry page view, 1..24 (default and maximum: the configured window, 24); user level only',
      }),
    ),
    breakdown: Type.Optional(Breakdown),
  }),
  response: Type.Object({
    range: Type.Object({ from: Day('first day'), to: Day('last day'), days: Type.Integer() }),
    level: Type.Union([Type.Literal('user'), Type.Literal('session')], {
      description: 'the unit counted',
    }),
    windowHours: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
      description: 'the conversion window applied (user level); null at session level',
    }),
    configuredWindowHours: Type.Integer({
      minimum: 1,
      description: 'the window the funnel model is built with (the largest a request may use)',
    }),
    breakdown: Breakdown,
    steps: Type.Array(Step, { description: 'the five steps in order' }),
    overallConversion: Rate('step 5 / step 1'),
    previous: Type.Object(
      {
        from: Day('first day'),
        to: Day('last day'),
        counts: StepCounts('units of the previous period'),
        overallConversion: Rate('step 5 / step 1 of the previous period'),
      },
      { description: 'the same funnel over the range of the same length just before' },
    ),
    byValue: Type.Array(ByValue, {
      description:
        'one row per breakdown value, the top 8 by step 1, then "other"; empty without a breakdown. Rows add up to the totals',
    }),
    daily: Type.Array(
      Type.Object({
        day: Day('local day (user level: the entry day; session level: the session start)'),
        counts: StepCounts('units of the day'),
        overallConversion: Rate('step 5 / step 1 of the day'),
      }),
      { description: 'every day of the range, zero days included' },
    ),
  }),
  async handle(params, ctx) {
    const range = rangeOf(params, ctx);
    const level = params.level ?? 'user';
    const breakdown = params.breakdown ?? 'none';
    const [setting] = await ctx.reads.read('funnel_window', []);
    const configured = Number(setting?.funnel_window_hours ?? DEFAULT_WINDOW_HOURS);
    const window = Math.min(Number(params.window ?? configured), configured);
    const prev = previousRange(range);
    const [byValueRows, dailyRows, prevRows] = await Promise.all(
      level === 'user'
        ? [
            breakdown === 'none'
              ? ctx.reads.read('funnel_users', [range.from, range.to, window])
              : ctx.reads.read('funnel_users_by', [range.from, range.to, window, breakdown]),
            ctx.reads.read('funnel_users_daily', [range.from, range.to, window]),
            ctx.reads.read('funnel_users', [prev.from, prev.to, window]),
          ]
        : [
            ctx.reads.read('funnel_sessions', [range.from, range.to, breakdown]),
            ctx.reads.read('funnel_sessions_daily', [range.from, range.to]),
            ctx.reads.read('funnel_sessions', [prev.from, prev.to, 'none']),
          ],
    );
    const before = countsOf(prevRows[0]);
    // Each unit has exactly one breakdown value, so the values' counts add up to the totals.
    const total = byValueRows.map(countsOf).reduce(add, [0, 0, 0, 0, 0] as Counts);
    const byValue: Static<typeof ByValue>[] = [];
    if (breakdown !== 'none') {
      const row = (value: string, isOther: boolean, values: number, c: Counts) => ({
        value,
        isOther,
        values,
        counts: c,
        stepConversions: stepConversions(c),
        overallConversion: ratio(c[4], c[0]),
        share: ratio(c[0], total[0]),
      });
      byValueRows.slice(0, TOP_VALUES).forEach((r) => {
        byValue.push(row(String(r.value), false, 1, countsOf(r)));
      });
      const rest = byValueRows.slice(TOP_VALUES);
      if (rest.length > 0) {
        byValue.push(
          row('other', true, rest.length, rest.map(countsOf).reduce(add, [0, 0, 0, 0, 0])),
        );
      }
    }
    const byDay = new Map(dailyRows.map((r) => [String(r.day), countsOf(r)]));
    const daily = Array.from({ length: range.days }, (_, i) => {
      const day = addDays(range.from, i);
      const c = byDay.get(day) ?? countsOf(undefined);
      return { day, counts: c, overallConversion: ratio(c[4], c[0]) };
    });
    return {
      range,
      level,
      windowHours: level === 'user' ? window : null,
      configuredWindowHours: configured,
      breakdown,
      steps: steps(total),
      overallConversion: ratio(total[4], total[0]),
      previous: {
        from: prev.from,
        to: prev.to,
        counts: before,
        overallConversion: ratio(before[4], before[0]),
      },
      byValue,
      daily,
    };
  },
});
