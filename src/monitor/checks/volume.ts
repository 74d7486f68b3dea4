import type { CheckResult } from '../types.js';
import type { Bucket, PipelinePosition } from '../source.js';
import { agree, deviation, judge, median, type Deviation, type Verdict } from '../rules.js';
import { age, iso, result, type CheckContext } from './common.js';

const DAY_MS = 86_400_000;
/** The same window on previous days needs at least this many days with data to judge. */
const SEASONAL_MIN_DAYS = 3;

type Metric = 'events' | 'orders' | 'revenue';
type Totals = Record<Metric, number>;

interface Baseline {
  name: 'trailing' | 'seasonal';
  samples: Totals[];
}

/**
 * Events, orders and order revenue in the last whole window against two baselines: the
 * trailing windows just before it, and the same window on previous days (when windows are
 * whole minutes: per-second counters are kept only for days). Rules: src/monitor/rules.ts,
 * reasoning in docs/monitoring.md.
 */
export async function volumeChecks(
  ctx: CheckContext,
  position: PipelinePosition,
): Promise<CheckResult[]> {
  const s = ctx.settings;
  const L = s.volumeWindowSeconds * 1000;
  const grain = L % 60_000 === 0 ? 'minute' : 'second';
  // The last whole bucket ends the window: the current one is still filling.
  const end =
    grain === 'minute'
      ? Math.floor(ctx.now / 60_000) * 60_000
      : Math.floor(ctx.now / 1000) * 1000 - 1000;
  const window = { from: end - L, to: end };
  const metrics: Metric[] = ['events', 'orders', 'revenue'];
  if (position.lagSeconds * 1000 > L / 2) {
    return metrics.map((m) =>
      result(
        `volume.${m}`,
        'ok',
        `Volume (${m}): not judged while processing lags ${age(position.lagSeconds)}`,
        null,
        unitOf(m),
        { window: span(window) },
      ),
    );
  }
  const first = await ctx.source.firstBucket(grain);
  const K = s.volumeTrailingWindows;
  const recent = await ctx.source.buckets(grain, end - (K + 1) * L, end);
  const current = totals(recent.filter((b) => b.at >= window.from));
  const trailing: Totals[] = [];
  for (let k = 1; k <= K; k++) {
    const from = end - (k + 1) * L;
    if (first === null || from < first) break;
    trailing.push(totals(recent.filter((b) => b.at >= from && b.at < from + L)));
  }
  const seasonal: Totals[] = [];
  if (grain === 'minute') {
    for (let d = 1; d <= s.volumeSeasonalDays; d++) {
      const from = window.from - d * DAY_MS;
      if (first === null || from < first) break;
      seasonal.push(totals(await ctx.source.buckets(grain, from, from + L)));
    }
  }
  const baselines: Baseline[] = [
    { name: 'trailing', samples: trailing },
    { name: 'seasonal', samples: seasonal },
  ];
  return metrics.map((m) => judgeMetric(ctx, m, current, baselines, window));
}

function judgeMetric(
  ctx: CheckContext,
  metric: Metric,
  current: Totals,
  baselines: Baseline[],
  window: { from: number; to: number },
): CheckResult {
  const s = ctx.settings;
  const rule = {
    warningZ: s.volumeWarningZ,
    criticalZ: s.volumeCriticalZ,
    minChange: s.volumeMinChange,
  };
  const judged: { name: string; days: number; d: Deviation; v: Verdict }[] = [];
  for (const b of baselines) {
    const enough = b.name === 'trailing' ? s.volumeMinSamples : SEASONAL_MIN_DAYS;
    if (b.samples.length < enough) continue;
    const expectedOrders = medianOf(b.samples, 'orders');
    // Thin traffic cannot be judged: a few orders come and go by chance.
    const volume = metric === 'events' ? medianOf(b.samples, 'events') : expectedOrders;
    if (volume < s.volumeMinExpected) continue;
    const values = b.samples.map((t) => t[metric]);
    const d = deviation(
      current[metric],
      values,
      noiseFloor(metric, median(values), expectedOrders),
    );
    judged.push({ name: b.name, days: b.samples.length, d, v: judge(d, current[metric], rule) });
  }
  const verdict = agree(judged.map((j) => j.v));
  const value = current[metric];
  const details = {
    window: span(window),
    value,
    baselines: judged.map((j) => ({
      baseline: j.name,
      samples: j.days,
      expected: round(j.d.expected),
      scale: round(j.d.scale),
      z: round(j.d.z),
      change: round(j.d.change),
      verdict: j.v.direction ?? 'normal',
    })),
    direction: verdict.direction,
    rule,
  };
  const label = metric === 'revenue' ? 'Order revenue' : metric === 'events' ? 'Events' : 'Orders';
  const minutes = age(s.volumeWindowSeconds);
  const shown = metric === 'revenue' ? value.toFixed(2) : String(value);
  if (judged.length === 0) {
    return result(
      `volume.${metric}`,
      'ok',
      `${label}: ${shown} in the last ${minutes}; baseline too thin to judge`,
      value,
      unitOf(metric),
      details,
    );
  }
  const main = judged[0]!;
  const expected =
    metric === 'revenue' ? main.d.expected.toFixed(2) : String(round(main.d.expected));
  const summary =
    verdict.direction === null
      ? `${label}: ${shown} in the last ${minutes}, expected about ${expected}`
      : `${label} ${verdict.direction}: ${shown} in the last ${minutes}, expected about ${expected} (${judged.map((j) => `${j.name} z ${round(j.d.z)}`).join(', ')})`;
  return result(`volume.${metric}`, verdict.severity, summary, value, unitOf(metric), details);
}

/**
 * The least spread a baseline can have: Poisson noise sqrt(n) for counts; for revenue, a
 * sum of n orders varies by about its median / sqrt(n orders).
 */
function noiseFloor(metric: Metric, expected: number, expectedOrders: number): number {
  if (metric === 'revenue') return expected / Math.sqrt(Math.max(expectedOrders, 1));
  return Math.sqrt(Math.max(expected, 1));
}

function totals(buckets: Bucket[]): Totals {
  const t = { events: 0, orders: 0, revenue: 0 };
  for (const b of buckets) {
    t.events += b.events;
    t.orders += b.orders;
    t.revenue += b.revenue;
  }
  return t;
}

const medianOf = (samples: Totals[], metric: Metric) => median(samples.map((t) => t[metric]));

const unitOf = (m: Metric) => (m === 'revenue' ? 'amount' : m);
const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 100) / 100 : x);
const span = (w: { from: number; to: number }) => ({ from: iso(w.from), to: iso(w.to) });
