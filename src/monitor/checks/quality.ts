import type { CheckResult, CheckStatus } from '../types.js';
import { rateZ } from '../rules.js';
import { age, byThreshold, iso, result, type CheckContext } from './common.js';

/** Retries the pipeline de-duplicated as designed: reported, not counted as bad data. */
const DUPLICATES = new Set(['duplicate', 'duplicate_order']);
/** The trend baseline: the hours before the window. */
const TREND_WINDOWS = 12;
/** A share this many times its trend, and significant (binomial z), is a rising problem. */
const TREND_FACTOR = 2;
const TREND_Z = 4;
/** Below this share a rise is not worth an alert, whatever its trend. */
const TREND_MIN_SHARE = 0.005;

/**
 * The quality score: the share of arriving records quarantined in the last window,
 * duplicates excluded, against fixed thresholds and against its own trend (the share in
 * the windows before). Per-reason counts explain it.
 */
export async function qualityCheck(ctx: CheckContext): Promise<CheckResult> {
  const s = ctx.settings;
  const L = s.qualityWindowSeconds * 1000;
  // Up to now: a record counts as soon as it is processed.
  const end = ctx.now;
  const from = end - L;
  const before = from - TREND_WINDOWS * L;
  // One after the other: the source's session takes one query at a time.
  const stored = await ctx.source.received(from, end);
  const reasons = await ctx.source.quarantined(from, end);
  const baseStored = await ctx.source.received(before, from);
  const baseReasons = await ctx.source.quarantined(before, from);
  const bad = countBad(reasons);
  const records = stored + bad + countDuplicates(reasons);
  const share = records === 0 ? 0 : bad / records;
  const baseBad = countBad(baseReasons);
  const baseRecords = baseStored + baseBad + countDuplicates(baseReasons);
  const trend = baseRecords === 0 ? null : baseBad / baseRecords;
  const details = {
    window: { from: iso(from), to: iso(end) },
    records,
    quarantined: bad,
    byReason: reasons,
    trendShare: trend,
    trendRecords: baseRecords,
    warningShare: s.qualityWarningShare,
    criticalShare: s.qualityCriticalShare,
  };
  const window = age(s.qualityWindowSeconds);
  if (records < s.qualityMinRecords) {
    return result(
      'quality.quarantine',
      'ok',
      `Quality: ${records} records in the last ${window}, too few to judge`,
      share,
      'share',
      details,
    );
  }
  const fixed = byThreshold(share, s.qualityWarningShare, s.qualityCriticalShare);
  const rising =
    trend !== null &&
    share >= TREND_MIN_SHARE &&
    share >= TREND_FACTOR * trend &&
    rateZ(bad, records, trend) >= TREND_Z;
  const status: CheckStatus = fixed === 'ok' && rising ? 'warning' : fixed;
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const top = Object.entries(reasons)
    .filter(([r]) => !DUPLICATES.has(r))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');
  const summary =
    status === 'ok'
      ? `Quality: ${pct(share)} of ${records} records quarantined in the last ${window}`
      : `Quality: ${pct(share)} of ${records} records quarantined in the last ${window}` +
        (fixed === 'ok'
          ? `, ${trend === 0 ? 'up from none' : `${(share / trend!).toFixed(1)}x its trend`}`
          : '') +
        (top ? ` (${top})` : '');
  return result('quality.quarantine', status, summary, share, 'share', { ...details, rising });
}

const countBad = (r: Record<string, number>) =>
  Object.entries(r).reduce((n, [reason, k]) => (DUPLICATES.has(reason) ? n : n + k), 0);
const countDuplicates = (r: Record<string, number>) =>
  Object.entries(r).reduce((n, [reason, k]) => (DUPLICATES.has(reason) ? n + k : n), 0);
