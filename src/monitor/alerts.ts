import type { Alert, AlertTransition, CheckResult, HealthReport, HealthStatus } from './types.js';

const TITLES: Record<string, string> = {
  'freshness.bronze': 'No new events arriving (bronze)',
  'freshness.silver': 'No new events stored (silver)',
  lag: 'Processing lag',
  'freshness.marts': 'Marts falling behind',
  'volume.events': 'Event volume',
  'volume.orders': 'Order volume',
  'volume.revenue': 'Order revenue',
  'quality.quarantine': 'Quarantine share high',
  'models.build': 'Model build failing',
  'models.tests': 'Data tests failing',
  'engine.warehouse': 'Warehouse unreachable',
  'engine.disk': 'Disk space low',
};

function titleOf(r: CheckResult): string {
  const base = TITLES[r.check] ?? r.check;
  const direction = r.details.direction;
  return typeof direction === 'string' ? `${base} ${direction}` : base;
}

export interface Reconciled {
  /** Alerts that are new or changed: to store. */
  changed: Alert[];
  /** Transitions to notify, in order. */
  transitions: { transition: AlertTransition; alert: Alert }[];
  /** The alerts open after this run. */
  open: Alert[];
}

/**
 * Turns a run's check results into alert changes. One open alert per check: a check that
 * stays bad updates it quietly (no new notification), a change of severity is notified as
 * an escalation or de-escalation, a check back to ok resolves it. A check missing from the
 * results (it could not run) leaves its alert as it was.
 */
export function reconcile(
  results: readonly CheckResult[],
  open: readonly Alert[],
  now: number,
  newId: () => string,
): Reconciled {
  const at = new Date(now).toISOString();
  const byCheck = new Map(open.map((a) => [a.check, a]));
  const changed: Alert[] = [];
  const transitions: Reconciled['transitions'] = [];
  const next: Alert[] = [];
  for (const r of results) {
    const current = byCheck.get(r.check);
    byCheck.delete(r.check);
    if (r.status === 'ok') {
      if (!current) continue;
      const resolved: Alert = {
        ...current,
        state: 'resolved',
        detail: r.summary,
        value: r.value,
        updatedAt: at,
        resolvedAt: at,
      };
      changed.push(resolved);
      transitions.push({ transition: 'resolved', alert: resolved });
      continue;
    }
    const alert: Alert = current
      ? {
          ...current,
          severity: r.status,
          title: titleOf(r),
          detail: r.summary,
          value: r.value,
          updatedAt: at,
        }
      : {
          id: newId(),
          check: r.check,
          severity: r.status,
          state: 'open',
          title: titleOf(r),
          detail: r.summary,
          value: r.value,
          unit: r.unit,
          openedAt: at,
          updatedAt: at,
          resolvedAt: null,
        };
    changed.push(alert);
    next.push(alert);
    if (!current) transitions.push({ transition: 'opened', alert });
    else if (current.severity !== alert.severity) {
      transitions.push({
        transition: alert.severity === 'critical' ? 'escalated' : 'deescalated',
        alert,
      });
    }
  }
  next.push(...byCheck.values());
  return { changed, transitions, open: next.sort(bySeverity) };
}

const RANK = { critical: 0, warning: 1, ok: 2 } as const;

export function bySeverity<T extends { severity: 'warning' | 'critical' }>(a: T, b: T): number {
  return RANK[a.severity] - RANK[b.severity];
}

/** Critical when any check is, degraded when any warns, otherwise healthy. */
export function healthOf(checks: readonly CheckResult[]): Pick<HealthReport, 'status' | 'reasons'> {
  const bad = checks
    .filter((c) => c.status !== 'ok')
    .sort((a, b) => RANK[a.status] - RANK[b.status]);
  const status: HealthStatus =
    bad[0]?.status === 'critical' ? 'critical' : bad.length > 0 ? 'degraded' : 'healthy';
  return { status, reasons: bad.map((c) => c.summary) };
}
