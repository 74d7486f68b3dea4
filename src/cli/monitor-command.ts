import { Option, type Command } from 'commander';
import { createLogger } from '../core/logger.js';
import type { Alert, HealthReport } from '../monitor/types.js';
import { withAdmin } from './local-or-remote.js';
import { common, config, scaledOut } from './options.js';

const MARK = { ok: ' ok ', warning: 'WARN', critical: 'CRIT' } as const;
const RANK = { healthy: 0, degraded: 1, critical: 2 } as const;

/**
 * `storepulse monitor`: runs every check now (in the running instance, or on the data
 * folder when none runs) and prints the report; for cron and CI the exit code says whether
 * the health is at or beyond `--fail-on` (2), or fine (0).
 */
export function registerMonitor(program: Command): void {
  scaledOut(common(program.command('monitor')))
    .description('run the health checks now: freshness, lag, volume, quality, models, engine')
    .option('--json', 'print the report as JSON (checks, status, alerts)')
    .addOption(
      new Option('--fail-on <status>', 'exit with code 2 at this status or worse')
        .choices(['critical', 'degraded'])
        .default('critical'),
    )
    .action(async (opts: Record<string, unknown>) => {
      const cfg = config(opts, { 'collector.writeKeys': 'cli' });
      const report = await withAdmin(cfg, createLogger('warn'), (a) => a.health({ run: true }));
      console.log(opts.json ? JSON.stringify(report, null, 2) : formatHealth(report));
      if (RANK[report.status] >= RANK[opts.failOn as 'critical' | 'degraded']) process.exitCode = 2;
    });
}

export function formatHealth(r: HealthReport): string {
  const lines = [`health ${r.status.toUpperCase()} at ${r.at} (checks took ${r.durationMs} ms)`];
  for (const c of r.checks) lines.push(`  [${MARK[c.status]}] ${c.check.padEnd(18)} ${c.summary}`);
  lines.push(r.alerts.length === 0 ? 'no open alerts' : `${r.alerts.length} open alert(s):`);
  for (const a of r.alerts) lines.push(`  ${formatAlert(a)}`);
  return lines.join('\n');
}

const formatAlert = (a: Alert) =>
  `${a.severity.toUpperCase().padEnd(8)} ${a.title} since ${a.openedAt}: ${a.detail}`;
