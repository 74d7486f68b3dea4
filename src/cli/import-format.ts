import cliProgress from 'cli-progress';
import type { ImportProgress } from '../import/run.js';
import type { ImportSummary } from './import-command.js';

const n = (x: number) => x.toLocaleString('en-US');

/**
 * A progress bar with rows/s and ETA on a terminal (by the bytes of the file read, so a
 * gzip file's ETA is right too); nothing when stderr is not a terminal.
 */
export function progressBar(stream: NodeJS.WriteStream) {
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{bar} {percentage}% | {rows} rows | {speed} rows/s | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  let begun = false;
  return {
    update(p: ImportProgress) {
      const payload = {
        rows: n(p.rows),
        speed: n(Math.round(p.rows / Math.max(0.001, (performance.now() - started) / 1000))),
      };
      if (!begun) bar.start(p.size, 0, payload);
      begun = true;
      bar.update(p.readBytes, payload);
    },
    stop: () => {
      if (begun) bar.stop();
    },
  };
}

const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(', ') || 'none';

/** The end-of-import report for a person. */
export function formatSummary(r: ImportSummary): string {
  const done = r.alreadyImported;
  if (done) {
    return `${r.file} (${r.format}) was imported into this data folder at ${done.finishedAt} (${n(done.rows)} rows, seq ${done.firstSeq}..${done.lastSeq}): nothing sent. --force sends it again (its events are recognised as duplicates).`;
  }
  const quarantined = Object.values(r.quarantined).reduce((a, b) => a + b, 0);
  const rate = r.rows / Math.max(r.seconds.silver, 0.001);
  const lines = [
    `imported ${r.file} (${r.format})`,
    `  rows read        ${n(r.rows)}  (${n(Math.round(rate))} rows/s into silver)`,
    `  records sent     ${n(r.items)}  (seq ${r.firstSeq}..${r.lastSeq}; ${n(r.inferred)} inferred events)`,
  ];
  if (r.sent) {
    const s = r.sent;
    lines.push(
      `  over HTTP        ${n(s.requests)} requests, ${n(s.retries)} retries; acknowledged ${n(s.stored + s.quarantined)}, failed ${n(s.failed)}, not JSON ${n(s.malformed)}`,
    );
  }
  if (r.settled === false) {
    lines.push(
      `  outcome          not final: ${r.unsettledWhy ?? 'the instance is still processing (see storepulse status)'}`,
    );
  }
  lines.push(
    `  stored in silver ${n(r.stored)}`,
    `  quarantined      ${n(quarantined)}  (${list(r.quarantined)})`,
    `  duplicate rows   ${n(r.duplicateRows)}`,
    `  adjustments      ${list(r.adjustments)} (lines)`,
    `  time             ${r.seconds.silver.toFixed(1)} s to silver` +
      (r.seconds.models === null ? '' : `, ${r.seconds.models.toFixed(1)} s models`),
  );
  return lines.join('\n');
}
