import { fromSqlTimestamp } from '../core/time.js';
import type { Config } from '../core/config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Metrics } from '../core/metrics.js';
import type { LogReader, SqlSession } from '../core/ports.js';
import { createScheduler } from '../schedule/scheduler.js';
import { createMonitor } from '../monitor/service.js';
import { sqlMonitorSource, type PipelinePosition } from '../monitor/source.js';
import { alertStore } from '../monitor/store.js';
import { createNotifier, hostOf, targetsFrom } from '../monitor/notify.js';
import type { HealthReport } from '../monitor/types.js';
import type { ProcessingStatus } from '../serve/status.js';

const LEVEL = { ok: 0, healthy: 0, warning: 1, degraded: 1, critical: 2 } as const;

/**
 * The monitor beside the warehouse: its checks read on a session of their own, alerts go to
 * the ops tables, the log and the webhooks, and the report sets the health gauges. Runs
 * every `monitor.intervalSeconds` once `scheduler.start()` is called.
 */
export function openMonitor(
  config: Readonly<Config>,
  deps: {
    session: SqlSession;
    /** Where the pipeline stands: the log's newest record, silver's, and the lag. */
    position: () => Promise<PipelinePosition>;
    /** The embedded warehouse's file, whose size the engine check reports; null for a server. */
    databaseFile: string | null;
    clock: Clock;
    logger: Logger;
    metrics?: Metrics | undefined;
    /**
     * Checks and reports only: alerts are neither saved nor notified (a dashboard beside the
     * scheduler, which owns them).
     */
    readOnly?: boolean;
  },
) {
  const m = deps.metrics?.monitor;
  const notifier = createNotifier(
    targetsFrom(config.monitor),
    {},
    {
      logger: deps.logger,
      onOutcome: (target, outcome) =>
        m?.notifications.inc({ target: `${target.kind}:${hostOf(target)}`, outcome }),
    },
  );
  const store = alertStore(deps.session);
  const monitor = createMonitor({
    source: sqlMonitorSource({
      session: deps.session,
      position: deps.position,
      // A server warehouse: no data folder of ours here (the servers watch their own disks).
      dataDir: deps.databaseFile === null ? null : config.dataDir,
      databaseFile: deps.databaseFile,
      now: () => deps.clock.now(),
    }),
    store: deps.readOnly ? { ...store, save: () => Promise.resolve() } : store,
    settings: config.monitor,
    clock: deps.clock,
    // A read-only monitor opens and resolves nothing, so it logs no transitions either.
    logger: deps.readOnly ? deps.logger.child({}, { level: 'error' }) : deps.logger,
    notify: (n) => (deps.readOnly ? undefined : notifier.notify(n)),
    onReport: m && ((r) => setGauges(m, r)),
    dashboardUrl: config.monitor.dashboardUrl || undefined,
  });
  const scheduler = createScheduler(
    'monitor',
    { intervalMs: config.monitor.intervalSeconds * 1000, retries: 0, retryBackoffMs: 1000 },
    async () => {
      await monitor.run();
    },
    { clock: deps.clock, logger: deps.logger },
  );
  return {
    monitor,
    scheduler,
    notifier,
    async close(): Promise<void> {
      await scheduler.stop();
      // A last moment for notices of the final run, then the rest are dropped (and counted).
      await Promise.race([notifier.idle(), new Promise((r) => setTimeout(r, 2000).unref())]);
      await notifier.close();
      await deps.session.close();
    },
  };
}

function setGauges(m: Metrics['monitor'], r: HealthReport): void {
  m.health.set(LEVEL[r.status]);
  m.lastRun.set(Date.parse(r.at) / 1000 + r.durationMs / 1000);
  // Only this run's checks: one that could not run this time must not keep an old status.
  m.checks.reset();
  for (const c of r.checks) m.checks.set({ check: c.check }, LEVEL[c.status]);
  m.alertsOpen.set(
    { severity: 'critical' },
    r.alerts.filter((a) => a.severity === 'critical').length,
  );
  m.alertsOpen.set(
    { severity: 'warning' },
    r.alerts.filter((a) => a.severity === 'warning').length,
  );
  m.runSeconds.observe(r.durationMs / 1000);
}

/** The embedded log's position: its newest record, and the lag behind the checkpoint. */
export function logPosition(
  log: LogReader,
  status: () => Promise<ProcessingStatus>,
  clock: Clock,
): () => Promise<PipelinePosition> {
  return async () => {
    const p = await status();
    const last = log.lastSeq();
    const [newest] = last > 0 ? await log.read(last - 1, 1) : [];
    const now = clock.now();
    return {
      bronzeNewestAt: newest?.receivedAt ?? null,
      silverNewestAt: silverNewestAt(p.warehouse.newestReceivedAt),
      lagEvents: Math.max(0, last - p.checkpoint),
      lagSeconds:
        p.oldestUnprocessedAt === null ? 0 : Math.max(0, (now - p.oldestUnprocessedAt) / 1000),
    };
  };
}

export const silverNewestAt = (text: string | null): number | null =>
  text ? fromSqlTimestamp(text) : null;
