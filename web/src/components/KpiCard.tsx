import type { ReactNode } from 'react';
import { change, fmtPercent } from '../lib/format';

/** Tones of a figure: the colours of the `pill` and `badge` classes. */
export type Tone = 'good' | 'warn' | 'bad' | 'neutral';

const TONE_COLOR: Record<Tone, string> = {
  good: 'var(--good)',
  warn: 'var(--warn)',
  bad: 'var(--bad)',
  neutral: 'var(--muted)',
};

/** A headline number with its change against the previous period. */
export function KpiCard({
  label,
  value,
  now,
  before,
  testId,
  inverse = false,
}: {
  label: string;
  value: string;
  now: number | string | null;
  before: number | string | null;
  testId: string;
  /** A rise is bad (refunds, abandonment). */
  inverse?: boolean;
}) {
  const delta = change(now, before);
  const good = delta === null || delta === 0 ? 'flat' : delta > 0 !== inverse ? 'up' : 'down';
  return (
    <div className="kpi" data-testid={`kpi-${testId}`}>
      <div className="kpi-label">{label}</div>
      <div
        className={value.length > 11 ? 'kpi-value long' : 'kpi-value'}
        data-testid={`kpi-${testId}-value`}
      >
        {value}
      </div>
      <div className={`kpi-delta ${good}`}>
        {delta === null
          ? 'no previous data'
          : `${delta > 0 ? '▲' : delta < 0 ? '▼' : '■'} ${fmtPercent(Math.abs(delta))}`}
        <span className="muted"> vs previous period</span>
      </div>
    </div>
  );
}

/**
 * A headline number with no previous period to compare with (a snapshot, an operational
 * figure): the line under it says what it means; the number takes its tone's colour.
 */
export function StatCard({
  label,
  value,
  sub,
  tone = 'neutral',
  testId,
}: {
  label: string;
  value: ReactNode;
  sub?: ReactNode;
  tone?: Tone;
  testId: string;
}) {
  return (
    <div className="kpi" data-testid={`kpi-${testId}`}>
      <div className="kpi-label">{label}</div>
      <div
        className="kpi-value"
        data-testid={`kpi-${testId}-value`}
        style={{ color: tone === 'neutral' ? undefined : TONE_COLOR[tone] }}
      >
        {value}
      </div>
      {sub && (
        <div className="kpi-delta flat" style={{ fontWeight: 500 }}>
          {sub}
        </div>
      )}
    </div>
  );
}

/** A status word as a coloured pill (pass/success green, warn/late amber, fail/error red). */
