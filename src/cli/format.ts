import type { StatusReport } from '../serve/status.js';
import type { RetentionReport } from '../monitor/retention.js';

const n = (x: number) => x.toLocaleString('en-US');

export function formatProgress(s: StatusReport, ratePerSec: number): string {
  const w = s.warehouse;
  return (
    `[${s.at.slice(11, 19)}Z] log ${n(s.log.lastSeq)} (${n(Math.round(ratePerSec))}/s) · ` +
    `silver ${n(w.silverEvents)} · orders ${n(w.orders)} · quarantined ${n(w.quarantined)} · ` +
    `lag ${n(s.lag.events)} ${s.lag.unit} / ${s.lag.seconds.toFixed(1)} s`
  );
}

export function formatStatus(s: StatusReport): string {
  const w = s.warehouse;
  const lines = [
    `storepulse status at ${s.at}`,
    `  bronze (log)   seq ${n(s.log.firstSeq)}..${n(s.log.lastSeq)}, ${(s.log.bytes / 1048576).toFixed(1)} MiB`,
    `  silver         ${n(w.silverEvents)} events, ${n(w.orders)} orders, ${n(w.refunds)} refunds/cancellations, ${n(w.traits)} identify`,
    `  newest event   ${w.newestEventAt ?? '-'} (received ${w.newestReceivedAt ?? '-'})`,
    `  checkpoints    ${
      Object.entries(w.checkpoints)
        .map(([k, v]) => `${k}=${n(v)}`)
        .join(', ') || '-'
    }`,
    `  lag            ${n(s.lag.events)} ${s.lag.unit}, ${s.lag.seconds.toFixed(1)} s`,
    `  quarantine     ${n(w.quarantined)} unresolved`,
  ];
  for (const [reason, count] of Object.entries(w.quarantineByReason)) {
    lines.push(`    ${reason.padEnd(18)} ${n(count)}`);
  }
  if (s.retention !== undefined) lines.push(`  retention      ${formatRetention(s.retention)}`);
  return lines.join('\n');
}

/** When retention last ran and what it deleted from each target it covers. */
function formatRetention(r: RetentionReport | null): string {
  if (!r) return 'no run yet';
  const b = r.deleted.bronze;
  const parts = Object.entries(r.deleted.tables).map(([table, rows]) => `${table} ${n(rows)}`);
  if (r.cutoffs.bronze !== null) {
    const mib = (b.bytes / 1048576).toFixed(1);
    parts.unshift(`bronze ${n(b.records)} records, ${mib} MiB (segments: ${n(b.segments)})`);
  }
  return `${r.at}, deleted ${parts.join(', ') || 'nothing (all kept forever)'}`;
}
