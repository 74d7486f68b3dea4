import { Type } from '@sinclair/typebox';
import { Day, Instant, defineEndpoint, isoOrNull } from '../endpoint.js';
import { HealthSummary, summaryOf } from '../health.js';

export const meta = defineEndpoint({
  path: '/meta',
  summary: 'Reporting time zone, today, the days the marts cover, and health',
  description:
    "What every page needs first: the IANA zone all local days are in, today in that zone, the first and last day with daily KPIs, the currency of the orders, the last model run, and the monitor's newest health verdict (the header's badge; the checks and alerts are in /pipeline).",
  params: Type.Object({}),
  response: Type.Object({
    reportTimeZone: Type.String(),
    today: Day('today, local'),
    now: Instant('server time'),
    firstDay: Type.Union([Day('first local day with KPIs'), Type.Null()]),
    lastDay: Type.Union([Day('last local day with KPIs'), Type.Null()]),
    currency: Type.String({
      description: 'ISO 4217 code most orders are in (USD before any order)',
    }),
    newestReceivedAt: Type.Union([Instant('arrival of the newest stored event'), Type.Null()]),
    lastModelRun: Type.Union([
      Type.Object({ finishedAt: Type.Union([Type.String(), Type.Null()]), status: Type.String() }),
      Type.Null(),
    ]),
    health: HealthSummary,
  }),
  async handle(_params, ctx) {
    const [[days], [fresh], [run], health] = await Promise.all([
      ctx.reads.read('meta_days', []),
      ctx.reads.read('freshness', []),
      ctx.modelRuns(1),
      ctx.health(),
    ]);
    return {
      reportTimeZone: ctx.reportTimeZone,
      today: ctx.today(),
      now: new Date(ctx.now()).toISOString(),
      firstDay: (days?.first_day as string | null) ?? null,
      lastDay: (days?.last_day as string | null) ?? null,
      currency: (days?.currency as string | null) ?? 'USD',
      newestReceivedAt: isoOrNull(fresh?.newest_received_at),
      lastModelRun: run ? { finishedAt: run.finished_at, status: run.status } : null,
      health: summaryOf(health),
    };
  },
});
