import { Type } from '@sinclair/typebox';
import type { MartFreshness } from '../../../monitor/checks/freshness.js';
import type { CheckResult, HealthReport } from '../../../monitor/types.js';
import { Instant } from '../endpoint.js';

/**
 * The Data quality page's freshness table: the monitor's own freshness checks (lag, silver,
 * every mart) from its newest run, so the page, the health badge and the alerts share one
 * definition and one set of thresholds (docs/monitoring.md).
 */
export const FRESHNESS_DESCRIPTION =
  "Freshness, from the monitor's newest run (every 15 s by default) with its thresholds: bronze by the processing lag (how long the oldest unprocessed log record has waited); silver by how long ago the newest stored event arrived; each mart (fct_, dim_, mart_) by how long the oldest silver event it does not include yet has waited (0 when it includes everything). Levels: fresh (check ok), late (warning), stale (critical).";

const Level = Type.Union([Type.Literal('fresh'), Type.Literal('late'), Type.Literal('stale')], {
  description: "fresh, late or stale: the monitor's ok, warning or critical",
});

export const Freshness = Type.Array(
  Type.Object({
    layer: Type.Union([Type.Literal('bronze'), Type.Literal('silver'), Type.Literal('mart')]),
    name: Type.String({ description: 'the log, silver, or the mart model' }),
    asOf: Type.Union([Instant('the instant the age counts from'), Type.Null()]),
    ageSeconds: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
    behindEvents: Type.Union([
      Type.Integer({
        minimum: 0,
        description:
          'log records not reflected yet: unprocessed (bronze) or after the snapshot the mart was built from',
      }),
      Type.Null(),
    ]),
    level: Level,
    rule: Type.String({ description: 'the thresholds of the level' }),
    detail: Type.String({ description: 'what the age measures' }),
  }),
);

type Row = {
  layer: 'bronze' | 'silver' | 'mart';
  name: string;
  asOf: string | null;
  ageSeconds: number | null;
  behindEvents: number | null;
  level: 'fresh' | 'late' | 'stale';
  rule: string;
  detail: string;
};

const LEVEL = { ok: 'fresh', warning: 'late', critical: 'stale' } as const;

const t = (s: number) => (s < 120 ? `${s} s` : `${s / 60} min`);
const ruleOf = (d: Record<string, unknown>) =>
  `fresh under ${t(Number(d.warningSeconds))}, late under ${t(Number(d.criticalSeconds))}, stale beyond`;
const before = (at: string, seconds: number) =>
  new Date(Date.parse(at) - seconds * 1000).toISOString();

/** Bronze, silver and every mart, from the checks of `report`; `lastSeq`: the log's end. */
export function freshnessOf(report: HealthReport, lastSeq: number): Row[] {
  const check = (name: string): CheckResult | undefined =>
    report.checks.find((c) => c.check === name);
  const rows: Row[] = [];
  const lag = check('lag');
  if (lag) {
    const age = lag.value ?? 0;
    const waiting = Number(lag.details.events ?? 0);
    rows.push({
      layer: 'bronze',
      name: 'event log',
      asOf: waiting > 0 ? before(report.at, age) : null,
      ageSeconds: age,
      behindEvents: waiting,
      level: LEVEL[lag.status],
      rule: ruleOf(lag.details),
      detail: `log at seq ${lastSeq}; ${waiting} records not processed yet; age = how long the oldest of them has waited`,
    });
  }
  const silver = check('freshness.silver');
  if (silver) {
    rows.push({
      layer: 'silver',
      name: 'silver events',
      asOf: (silver.details.newestAt as string | null | undefined) ?? null,
      ageSeconds: silver.value,
      behindEvents: null,
      level: LEVEL[silver.status],
      rule: ruleOf(silver.details),
      detail: 'age = since the newest stored event arrived',
    });
  }
  const marts = check('freshness.marts');
  const d = marts?.details ?? {};
  for (const m of (d.marts as MartFreshness[] | undefined) ?? []) {
    const level =
      m.staleSeconds >= Number(d.criticalSeconds)
        ? 'stale'
        : m.staleSeconds >= Number(d.warningSeconds)
          ? 'late'
          : 'fresh';
    rows.push({
      layer: 'mart',
      name: m.model,
      asOf: m.staleSeconds > 0 ? before(report.at, m.staleSeconds) : m.builtAt,
      ageSeconds: m.staleSeconds,
      behindEvents: Math.max(0, lastSeq - m.watermarkSeq),
      level,
      rule: ruleOf(d),
      detail: `built from silver up to log seq ${m.watermarkSeq}; age = how long the oldest event it does not include yet has waited`,
    });
  }
  return rows;
}
