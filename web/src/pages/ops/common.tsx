import type { ReactNode } from 'react';

import type { Tone } from '../../components/KpiCard';

export type { Tone };

export function StatusPill({ status, testId }: { status: string; testId?: string }) {
  const tone = toneOf(status);
  return (
    <span
      className={`pill ${tone === 'neutral' ? '' : tone}`}
      data-testid={testId}
      data-status={status}
    >
      {status}
    </span>
  );
}

export function toneOf(status: string): Tone {
  switch (status) {
    case 'pass':
    case 'success':
    case 'fresh':
    case 'ok':
    case 'healthy':
      return 'good';
    case 'warn':
    case 'warning':
    case 'late':
    case 'running':
    case 'degraded':
      return 'warn';
    case 'fail':
    case 'error':
    case 'stale':
    case 'critical':
      return 'bad';
    default:
      return 'neutral';
  }
}

/** A duration: "850 ms", "2.5 s", "3 min 20 s". */
export function fmtDuration(ms: number | null | undefined): string {
  if (ms == null) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** An age in seconds, compact: "12 s", "4 min", "3 h", "2 d". */
export function fmtSeconds(seconds: number | null | undefined): string {
  if (seconds == null) return '–';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

/** An instant as a date and wall time of the reporting zone: "21 Nov, 09:03:12". */
export function fmtInstant(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '–';
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(new Date(iso));
}

export function fmtBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** A grid of label / value pairs (the small facts beside a chart). */
export function Facts({
  items,
}: {
  items: { label: string; value: ReactNode; testId?: string }[];
}) {
  return (
    <dl
      style={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))',
        gap: '10px 16px',
        margin: 0,
      }}
    >
      {items.map((f) => (
        <div key={f.label}>
          <dt className="muted" style={{ fontSize: 12 }}>
            {f.label}
          </dt>
          <dd
            style={{ margin: '2px 0 0', fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}
            data-testid={f.testId}
          >
            {f.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
