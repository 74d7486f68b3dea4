import { Type } from '@sinclair/typebox';
import type { Alert, CheckResult, HealthReport } from '../../monitor/types.js';
import { Instant } from './endpoint.js';

/**
 * The monitor's findings as the dashboard shows them: schemas and the mapping from the
 * monitor's types. A check's free-form `details` stay out: they have no fixed shape to
 * promise (the operator's `/admin/v1/health` has them whole).
 */

const Severity = (description: string) =>
  Type.Union([Type.Literal('critical'), Type.Literal('warning')], { description });

const Value = Type.Union([Type.Number(), Type.Null()], {
  description: 'the measured value in `unit`; null when there is nothing to measure (yet)',
});
const Unit = Type.String({
  description: 's, share (0-1), events, orders, amount, tests, builds, ms',
});

/** The overall verdict: enough for the header's badge. */
export const HealthSummary = Type.Object(
  {
    status: Type.Union(
      [Type.Literal('healthy'), Type.Literal('degraded'), Type.Literal('critical')],
      { description: 'critical when any check is critical, degraded when any warns, else healthy' },
    ),
    reasons: Type.Array(Type.String(), {
      description: 'the summaries of the checks that are not ok, critical first',
    }),
    checkedAt: Instant('when the checks ran'),
  },
  { description: "the monitor's newest verdict (it checks every `monitor.intervalSeconds`)" },
);

export const Check = Type.Object({
  check: Type.String({
    description: "stable name, e.g. 'freshness.bronze', 'lag', 'models.tests'; its alert's key",
  }),
  status: Type.Union([Type.Literal('ok'), Type.Literal('warning'), Type.Literal('critical')], {
    description: 'ok, warning or critical',
  }),
  summary: Type.String({ description: 'one line: what was measured against what' }),
  value: Value,
  unit: Unit,
});

export const OpenAlert = Type.Object({
  id: Type.String({ description: 'the alert, one incident of one check' }),
  check: Type.String({ description: 'the check that raised it' }),
  severity: Severity('critical or warning, as of the newest run'),
  title: Type.String({ description: "what is wrong, for people: the check's name in words" }),
  detail: Type.String({ description: "the check's newest summary" }),
  value: Value,
  unit: Unit,
  openedAt: Instant('when the check first went bad'),
  updatedAt: Instant('the newest monitor run that found it bad'),
});

export const AlertRecord = Type.Object({
  id: Type.String({ description: 'the alert, one incident of one check' }),
  check: Type.String({ description: 'the check that raised it' }),
  severity: Severity('critical or warning, as it was when last bad'),
  state: Type.Union([Type.Literal('open'), Type.Literal('resolved')], {
    description: 'open until its check is ok again',
  }),
  title: Type.String({ description: "what is wrong, for people: the check's name in words" }),
  detail: Type.String({
    description:
      "the check's newest summary: while open what is wrong, once resolved the reading that cleared it",
  }),
  openedAt: Instant('when the check first went bad'),
  resolvedAt: Type.Union([Instant('when the check was ok again'), Type.Null()], {
    description: 'null while open',
  }),
  durationMs: Type.Integer({
    minimum: 0,
    description: 'how long it lasted; for an open alert, how long so far',
  }),
});

const RANK = { critical: 0, warning: 1, ok: 2 } as const;

export const summaryOf = (r: HealthReport) => ({
  status: r.status,
  reasons: r.reasons,
  checkedAt: r.at,
});

/** Every check, critical first, then warnings, then ok, each in the monitor's order. */
export const checksOf = (r: HealthReport) =>
  r.checks
    .map(({ check, status, summary, value, unit }: CheckResult) => ({
      check,
      status,
      summary,
      value,
      unit,
    }))
    .sort((a, b) => RANK[a.status] - RANK[b.status]);

export const openAlertOf = (a: Alert) => ({
  id: a.id,
  check: a.check,
  severity: a.severity,
  title: a.title,
  detail: a.detail,
  value: a.value,
  unit: a.unit,
  openedAt: a.openedAt,
  updatedAt: a.updatedAt,
});

export const alertRecordOf = (a: Alert, now: number) => ({
  id: a.id,
  check: a.check,
  severity: a.severity,
  state: a.state,
  title: a.title,
  detail: a.detail,
  openedAt: a.openedAt,
  resolvedAt: a.resolvedAt,
  durationMs: Math.max(
    0,
    (a.resolvedAt === null ? now : Date.parse(a.resolvedAt)) - Date.parse(a.openedAt),
  ),
});
