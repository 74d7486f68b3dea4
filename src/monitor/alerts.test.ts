import { describe, expect, it } from 'vitest';
import { healthOf, reconcile } from './alerts.js';
import type { CheckResult } from './types.js';

const check = (
  name: string,
  status: CheckResult['status'],
  summary = `${name} ${status}`,
): CheckResult => ({
  check: name,
  status,
  summary,
  value: 1,
  unit: 's',
  details: {},
});
const T0 = Date.parse('2026-11-20T12:00:00Z');
let ids = 0;
const newId = () => `a${++ids}`;

describe('alerts', () => {
  it('open once, update quietly, escalate, de-escalate and resolve, one alert per check', () => {
    const first = reconcile([check('lag', 'warning'), check('engine.disk', 'ok')], [], T0, newId);
    expect(first.transitions.map((t) => [t.transition, t.alert.check])).toEqual([
      ['opened', 'lag'],
    ]);
    const opened = first.open[0]!;
    expect(opened).toMatchObject({
      state: 'open',
      severity: 'warning',
      title: 'Processing lag',
      openedAt: '2026-11-20T12:00:00.000Z',
    });

    const same = reconcile([check('lag', 'warning', 'lag 90 s')], first.open, T0 + 15_000, newId);
    expect(same.transitions).toEqual([]);
    expect(same.changed).toEqual([
      { ...opened, detail: 'lag 90 s', updatedAt: '2026-11-20T12:00:15.000Z' },
    ]);

    const worse = reconcile([check('lag', 'critical')], same.open, T0 + 30_000, newId);
    expect(worse.transitions.map((t) => t.transition)).toEqual(['escalated']);
    expect(worse.open[0]).toMatchObject({
      id: opened.id,
      severity: 'critical',
      openedAt: opened.openedAt,
    });

    const better = reconcile([check('lag', 'warning')], worse.open, T0 + 45_000, newId);
    expect(better.transitions.map((t) => t.transition)).toEqual(['deescalated']);

    const clear = reconcile([check('lag', 'ok', 'no lag')], better.open, T0 + 60_000, newId);
    expect(clear.open).toEqual([]);
    expect(clear.transitions[0]!.alert).toMatchObject({
      id: opened.id,
      state: 'resolved',
      detail: 'no lag',
      resolvedAt: '2026-11-20T12:01:00.000Z',
    });
    // The next incident of the same check is a new alert.
    const again = reconcile([check('lag', 'warning')], clear.open, T0 + 75_000, newId);
    expect(again.open[0]!.id).not.toBe(opened.id);
  });

  it('keep an alert whose check could not run, and sort critical first', () => {
    const open = reconcile(
      [check('lag', 'warning'), check('models.build', 'critical')],
      [],
      T0,
      newId,
    ).open;
    expect(open.map((a) => a.check)).toEqual(['models.build', 'lag']);
    const later = reconcile([check('models.build', 'critical')], open, T0 + 1000, newId);
    expect(later.open.map((a) => a.check)).toEqual(['models.build', 'lag']);
    expect(later.transitions).toEqual([]);
  });

  it('name volume alerts by their direction', () => {
    const r = reconcile(
      [{ ...check('volume.events', 'critical'), details: { direction: 'drop' } }],
      [],
      T0,
      newId,
    );
    expect(r.open[0]!.title).toBe('Event volume drop');
  });

  it('add checks up to a health status with the reasons, critical first', () => {
    expect(healthOf([check('a', 'ok')])).toEqual({ status: 'healthy', reasons: [] });
    expect(healthOf([check('a', 'warning'), check('b', 'ok')])).toEqual({
      status: 'degraded',
      reasons: ['a warning'],
    });
    expect(healthOf([check('a', 'warning'), check('b', 'critical')])).toEqual({
      status: 'critical',
      reasons: ['b critical', 'a warning'],
    });
  });
});
