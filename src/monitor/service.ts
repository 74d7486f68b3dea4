import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { AlertStore } from './store.js';
import type { MonitorSource } from './source.js';
import type { Alert, AlertNotice, CheckResult, HealthReport } from './types.js';
import { healthOf, reconcile } from './alerts.js';
import { result, type CheckContext, type MonitorSettings } from './checks/common.js';
import { freshnessChecks } from './checks/freshness.js';
import { volumeChecks } from './checks/volume.js';
import { qualityCheck } from './checks/quality.js';
import { modelChecks } from './checks/models.js';
import { engineChecks } from './checks/engine.js';

export interface MonitorDeps {
  source: MonitorSource;
  store: AlertStore;
  settings: MonitorSettings;
  clock: Clock;
  logger: Logger;
  /** Sends a notice on; must not block (the notifier queues and retries on its own). */
  notify?: ((notice: AlertNotice) => void) | undefined;
  /** Called with every report: metrics gauges. */
  onReport?: ((report: HealthReport) => void) | undefined;
  dashboardUrl?: string | undefined;
}

/**
 * Runs every check, adds them up to a health status, and keeps one alert per bad check in
 * the warehouse, notifying each opening, change of severity and resolution once. Runs are
 * serialized: a scheduled run and an operator's `storepulse monitor` never interleave.
 */
export function createMonitor(deps: MonitorDeps) {
  let open: Alert[] | null = null;
  let last: HealthReport | null = null;
  // The monitor's session takes one caller at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  async function checkAll(ctx: CheckContext): Promise<CheckResult[]> {
    const position = await ctx.source.position();
    const groups: [string, () => Promise<CheckResult[]>][] = [
      ['freshness', () => freshnessChecks(ctx, position)],
      ['volume', () => volumeChecks(ctx, position)],
      ['quality', async () => [await qualityCheck(ctx)]],
      ['models', () => modelChecks(ctx)],
      ['engine', () => engineChecks(ctx)],
    ];
    const out: CheckResult[] = [];
    for (const [name, run] of groups) {
      // A check that cannot run is a finding of its own, not the end of the others.
      out.push(
        ...(await run().catch((err: unknown) => [
          result(
            `monitor.${name}`,
            'warning',
            `The ${name} checks could not run: ${String((err as Error)?.message ?? err)}`,
            null,
            '',
          ),
        ])),
      );
    }
    return out;
  }

  async function runOnce(): Promise<HealthReport> {
    const started = deps.clock.now();
    const ctx: CheckContext = { source: deps.source, settings: deps.settings, now: started };
    const checks = await checkAll(ctx);
    open ??= await deps.store.open();
    const r = reconcile(checks, open, started, randomUUID);
    await deps.store.save(r.changed);
    open = r.open;
    for (const t of r.transitions) {
      const log = {
        check: t.alert.check,
        severity: t.alert.severity,
        detail: t.alert.detail,
        alertId: t.alert.id,
      };
      if (t.transition === 'resolved') deps.logger.info(log, `alert resolved: ${t.alert.title}`);
      else deps.logger.warn(log, `alert ${t.transition}: ${t.alert.title}`);
      deps.notify?.({
        transition: t.transition,
        alert: t.alert,
        instance: deps.settings.instanceName,
        dashboardUrl: deps.dashboardUrl,
        at: new Date(started).toISOString(),
      });
    }
    last = {
      at: new Date(started).toISOString(),
      ...healthOf(checks),
      checks,
      alerts: open,
      durationMs: deps.clock.now() - started,
    };
    deps.onReport?.(last);
    return last;
  }

  return {
    /** Runs the checks now (waiting for a run in progress first). */
    run: (): Promise<HealthReport> => exclusive(runOnce),
    /** The newest report, or null before the first run. */
    last: (): HealthReport | null => last,
    /** The newest alerts, open and resolved, newest first. */
    history: (limit: number): Promise<Alert[]> => exclusive(() => deps.store.recent(limit)),
  };
}

export type Monitor = ReturnType<typeof createMonitor>;
