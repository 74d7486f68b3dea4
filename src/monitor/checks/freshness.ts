import type { CheckResult } from '../types.js';
import type { PipelinePosition } from '../source.js';
import { age, byThreshold, iso, result, type CheckContext } from './common.js';

/**
 * Freshness of each layer. Bronze and silver: how long ago the newest record arrived (a
 * tracking outage or a dead collector shows here). Lag: how long the oldest unprocessed
 * record has waited. Marts: how long the oldest silver event a mart does not include yet
 * has waited (0 when it includes everything), the worst mart deciding.
 */
export async function freshnessChecks(
  ctx: CheckContext,
  position: PipelinePosition,
): Promise<CheckResult[]> {
  const s = ctx.settings;
  const arrival = (check: string, layer: string, newest: number | null): CheckResult => {
    if (newest === null) return result(check, 'ok', `${layer}: no events received yet`, null, 's');
    const seconds = Math.max(0, (ctx.now - newest) / 1000);
    const status = byThreshold(seconds, s.freshnessWarningSeconds, s.freshnessCriticalSeconds);
    return result(
      check,
      status,
      `${layer}: newest event arrived ${age(seconds)} ago` +
        (status === 'ok' ? '' : ` (over ${age(s.freshnessWarningSeconds)})`),
      seconds,
      's',
      {
        newestAt: iso(newest),
        warningSeconds: s.freshnessWarningSeconds,
        criticalSeconds: s.freshnessCriticalSeconds,
      },
    );
  };
  const lagStatus = byThreshold(position.lagSeconds, s.lagWarningSeconds, s.lagCriticalSeconds);
  return [
    arrival('freshness.bronze', 'Bronze (log)', position.bronzeNewestAt),
    arrival('freshness.silver', 'Silver', position.silverNewestAt),
    result(
      'lag',
      lagStatus,
      position.lagEvents === 0
        ? 'Processing: no lag'
        : `Processing lag: ${position.lagEvents} ${position.lagUnit ?? 'records'}, the oldest waiting ${age(position.lagSeconds)}`,
      position.lagSeconds,
      's',
      {
        events: position.lagEvents,
        warningSeconds: s.lagWarningSeconds,
        criticalSeconds: s.lagCriticalSeconds,
      },
    ),
    await martFreshness(ctx),
  ];
}

/** One mart's place in `freshness.marts` details: what the dashboard's freshness table shows. */
export interface MartFreshness {
  model: string;
  builtAt: string | null;
  watermarkSeq: number;
  staleSeconds: number;
}

async function martFreshness(ctx: CheckContext): Promise<CheckResult> {
  const s = ctx.settings;
  const marts = await ctx.source.marts();
  if (marts.length === 0) {
    return result('freshness.marts', 'ok', 'Marts: not built yet', null, 's');
  }
  // Marts built in one run share a watermark: one lookup per distinct watermark.
  const oldest = new Map<number, number | null>();
  for (const seq of new Set(marts.map((m) => m.watermarkSeq))) {
    oldest.set(seq, await ctx.source.oldestAfter(seq));
  }
  const behind = marts.map((m): MartFreshness => {
    const missing = oldest.get(m.watermarkSeq) ?? null;
    return {
      model: m.model,
      builtAt: iso(m.succeededAt),
      watermarkSeq: m.watermarkSeq,
      staleSeconds: missing === null ? 0 : Math.max(0, (ctx.now - missing) / 1000),
    };
  });
  const worst = behind.reduce((a, b) => (b.staleSeconds > a.staleSeconds ? b : a));
  const status = byThreshold(worst.staleSeconds, s.martWarningSeconds, s.martCriticalSeconds);
  const stale = behind.filter((b) => b.staleSeconds >= s.martWarningSeconds).map((b) => b.model);
  return result(
    'freshness.marts',
    status,
    status === 'ok'
      ? `Marts: up to date within ${age(worst.staleSeconds)}`
      : `Marts behind by ${age(worst.staleSeconds)}: ${stale.join(', ')}`,
    worst.staleSeconds,
    's',
    { marts: behind, warningSeconds: s.martWarningSeconds, criticalSeconds: s.martCriticalSeconds },
  );
}
