import { describe, expect, it } from 'vitest';
import { agree, deviation, judge, mad, median, rateZ } from './rules.js';

const rule = { warningZ: 4, criticalZ: 8, minChange: 0.5 };
// Baseline: median 100; |x - 100| = 10, 5, 0, 0, 5, 10 -> MAD 5, 1.4826 * 5 = 7.41 < sqrt(100).
const baseline = [90, 95, 100, 100, 105, 110];

describe('volume rules', () => {
  it('take the median and the median absolute deviation', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1, 2, 3, 4, 100])).toBe(3);
    // |x - 3| = 2, 1, 0, 1, 97 -> median 1: the outlier does not move it.
    expect(mad([1, 2, 3, 4, 100])).toBe(1);
  });

  it('scale by the MAD, floored by Poisson noise', () => {
    expect(deviation(0, baseline, Math.sqrt(100))).toEqual({
      expected: 100,
      scale: 10,
      z: -10,
      change: -1,
    });
    // A spread wider than the floor: |x - 100| = 50, 0, 50 -> MAD 50, scale 74.13.
    const wide = deviation(100, [50, 100, 150], 10);
    expect(wide.scale).toBeCloseTo(74.13, 2);
    expect(wide.z).toBe(0);
  });

  it('need both an improbable and a large change, critical far out or at zero', () => {
    const at = (x: number) => judge(deviation(x, baseline, 10), x, rule);
    expect(at(0)).toEqual({ direction: 'drop', severity: 'critical' });
    expect(at(45)).toEqual({ direction: 'drop', severity: 'warning' }); // z -5.5, -55%
    expect(at(60)).toEqual({ direction: null, severity: 'ok' }); // z -4 but only -40%
    expect(at(140)).toEqual({ direction: null, severity: 'ok' }); // z 4 but only +40%
    expect(at(160)).toEqual({ direction: 'spike', severity: 'warning' }); // z 6, +60%
    expect(at(250)).toEqual({ direction: 'spike', severity: 'critical' }); // z 15
    // A drop to zero from a thin baseline is still only as severe as its z-score says,
    // unless it is zero: zero is an outage.
    expect(judge(deviation(0, [25, 25, 25], 5), 0, rule).severity).toBe('critical');
  });

  it('flag only what every baseline that can judge agrees on, at the mildest severity', () => {
    const drop = (severity: 'warning' | 'critical') => ({ direction: 'drop' as const, severity });
    expect(agree([drop('critical'), drop('warning')])).toEqual(drop('warning'));
    expect(agree([drop('critical'), drop('critical')])).toEqual(drop('critical'));
    expect(agree([drop('critical'), { direction: null, severity: 'ok' }])).toEqual({
      direction: null,
      severity: 'ok',
    });
    expect(
      agree([drop('warning'), { direction: 'spike', severity: 'warning' }]).direction,
    ).toBeNull();
    expect(agree([])).toEqual({ direction: null, severity: 'ok' });
  });
});

describe('quality rules', () => {
  it('score a bad-record count against a baseline rate with a binomial z', () => {
    // (30 - 1000 * 0.01) / sqrt(1000 * 0.01 * 0.99) = 20 / 3.1464
    expect(rateZ(30, 1000, 0.01)).toBeCloseTo(6.356, 3);
    // A spotless baseline is floored at 0.1%: (3 - 1) / sqrt(0.999) = 2.001
    expect(rateZ(3, 1000, 0)).toBeCloseTo(2.001, 3);
    expect(rateZ(0, 0, 0.5)).toBe(0);
  });
});
