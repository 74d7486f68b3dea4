import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The monitor's own output, and what retention removes. */
export function monitorMetrics(registry: Registry) {
  const registers = [registry];
  return {
    health: new Gauge({
      name: 'storepulse_health_status',
      help: 'Overall health from the last monitor run: 0 healthy, 1 degraded, 2 critical.',
      registers,
    }),
    checks: new Gauge({
      name: 'storepulse_check_status',
      help: 'Status of each check from the last monitor run: 0 ok, 1 warning, 2 critical.',
      labelNames: ['check'] as const,
      registers,
    }),
    alertsOpen: new Gauge({
      name: 'storepulse_alerts_open',
      help: 'Alerts open now, by severity (warning, critical).',
      labelNames: ['severity'] as const,
      registers,
    }),
    notifications: new Counter({
      name: 'storepulse_alert_notifications_total',
      help: 'Alert notification attempts, by target (kind:host, e.g. slack:hooks.slack.com) and outcome (delivered, retried, failed, dropped).',
      labelNames: ['target', 'outcome'] as const,
      registers,
    }),
    lastRun: new Gauge({
      name: 'storepulse_monitor_last_run_timestamp_seconds',
      help: 'When the last monitor run finished (Unix seconds); absent before the first run, so the health gauges mean nothing until it is set.',
      registers,
    }),
    runSeconds: new Histogram({
      name: 'storepulse_monitor_run_seconds',
      help: 'Duration of the checks of one monitor run.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    retentionDeleted: new Counter({
      name: 'storepulse_retention_deleted_total',
      help: 'Rows removed by retention, by table (bronze: log records).',
      labelNames: ['table'] as const,
      registers,
    }),
  };
}
