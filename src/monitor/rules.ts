/**
 * The statistics behind the volume and quality checks, written out in docs/monitoring.md.
 * Pure functions over numbers, so every rule has a hand-computed test.
 */

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median absolute deviation: the spread of the samples, unmoved by a few outliers. */
export function mad(xs: readonly number[]): number {
  const m = median(xs);
  return median(xs.map((x) => Math.abs(x - m)));
}

/** MAD times this estimates the standard deviation of normally distributed samples. */
const MAD_TO_SD = 1.4826;

export interface Deviation {
  /** The baseline's median. */
  expected: number;
  /** The spread used: 1.4826 MAD, or the noise floor when that is larger. */
  scale: number;
  /** (value - expected) / scale: a robust z-score. */
  z: number;
  /** value / expected - 1. */
  change: number;
}

/**
 * How far `value` is from `samples`, in robust standard deviations. `floor` keeps the scale
 * from collapsing to zero on a very regular baseline (a MAD of 0 would make any wobble an
 * anomaly): for counts it is the Poisson noise sqrt(expected).
 */
export function deviation(value: number, samples: readonly number[], floor: number): Deviation {
  const expected = median(samples);
  const scale = Math.max(MAD_TO_SD * mad(samples), floor, Number.EPSILON);
  return {
    expected,
    scale,
    z: (value - expected) / scale,
    change: expected === 0 ? (value === 0 ? 0 : Infinity) : value / expected - 1,
  };
}

export interface AnomalyRule {
  warningZ: number;
  criticalZ: number;
  /** The relative change that must come with the z-score (0.5: half, or 1.5 times). */
  minChange: number;
}

export type Direction = 'drop' | 'spike';
export interface Verdict {
  direction: Direction | null;
  severity: 'ok' | 'warning' | 'critical';
}

/**
 * A deviation is an anomaly when it is both improbable (|z| at least warningZ) and large
 * (at least minChange relative to the baseline): the first guards against noise, the second
 * against alerting on statistically significant but harmless wiggles of a very regular shop.
 * Critical from criticalZ, and always for a drop to zero.
 */
export function judge(d: Deviation, value: number, rule: AnomalyRule): Verdict {
  const drop = d.z <= -rule.warningZ && d.change <= -rule.minChange;
  const spike = d.z >= rule.warningZ && d.change >= rule.minChange;
  if (!drop && !spike) return { direction: null, severity: 'ok' };
  const critical = Math.abs(d.z) >= rule.criticalZ || (drop && value === 0);
  return { direction: drop ? 'drop' : 'spike', severity: critical ? 'critical' : 'warning' };
}

/**
 * Agreement of several baselines: an anomaly only when every baseline that can judge sees
 * one in the same direction, at the mildest severity among them. The trailing hours alone
 * would call every night a drop; the same hour on previous days alone would miss a
 * sudden outage on a shop whose traffic grew. Together they need both to agree.
 */
export function agree(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.length === 0) return { direction: null, severity: 'ok' };
  const direction = verdicts[0]!.direction;
  if (direction === null || verdicts.some((v) => v.direction !== direction)) {
    return { direction: null, severity: 'ok' };
  }
  const critical = verdicts.every((v) => v.severity === 'critical');
  return { direction, severity: critical ? 'critical' : 'warning' };
}

/**
 * Is k bad records out of n more than the baseline rate p0 explains? A one-sided binomial
 * z-score (normal approximation), with p0 floored so a spotless baseline does not turn one
 * bad record into an alert.
 */
export function rateZ(k: number, n: number, p0: number, floor = 0.001): number {
  if (n === 0) return 0;
  const p = Math.min(Math.max(p0, floor), 1 - floor);
  return (k - n * p) / Math.sqrt(n * p * (1 - p));
}
