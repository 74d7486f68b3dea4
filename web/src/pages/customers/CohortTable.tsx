import { useMemo } from 'react';
import type { CustomersResponse } from '@api/types';
import { DataTable, type Column } from '../../components/DataTable';
import { fmtCount, fmtPercent } from '../../lib/format';

type Cohorts = CustomersResponse['cohorts'];
type Period = Cohorts['rows'][number]['periods'][number];
type Row = Record<string, string | number | null>;

const monthFmt = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  month: 'short',
  year: 'numeric',
});
const dayFmt = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  month: 'short',
  day: 'numeric',
  year: 'numeric',
});

/** A cohort's or period's first day as a label: "Nov 2026", or "Nov 16, 2026" for a week. */
export function periodLabel(day: string, grain: 'week' | 'month'): string {
  const d = new Date(`${day}T00:00:00Z`);
  return grain === 'month' ? monthFmt.format(d) : `week of ${dayFmt.format(d)}`;
}

/** The short column name of period k: M0, M1… or W0, W1… */
export const periodName = (k: number, grain: 'week' | 'month') =>
  `${grain === 'month' ? 'M' : 'W'}${k}`;

/** Indigo of increasing strength with retention; text turns white on the dark cells. */
function cellStyle(retention: number, current: boolean) {
  const alpha = 0.06 + 0.8 * Math.min(1, Math.max(0, retention));
  return {
    display: 'block',
    margin: '-7px -8px',
    padding: '7px 8px',
    background: `rgba(79, 70, 229, ${alpha.toFixed(3)})`,
    color: alpha > 0.5 ? '#fff' : 'var(--ink)',
    fontStyle: current ? 'italic' : 'normal',
    backgroundImage: current
      ? 'repeating-linear-gradient(135deg, rgba(255,255,255,0.28) 0 4px, transparent 4px 8px)'
      : undefined,
  } as const;
}

/**
 * The cohort matrix as a heat map table: one row per cohort (oldest first) with its size,
 * one column per period number, each cell the share of the cohort active in that period.
 * An empty cohort shows "no new customers" and no percentages; the current, incomplete
 * period is hatched and italic.
 */
export function CohortTable({
  cohorts,
  grain,
  basis,
}: {
  cohorts: Cohorts;
  grain: 'week' | 'month';
  basis: 'first_order' | 'first_visit';
}) {
  const { rows, columns } = useMemo(() => {
    const periods = new Map<string, Period>();
    const rows: Row[] = cohorts.rows.map((c) => {
      const row: Row = { cohortStart: c.cohortStart, cohortSize: c.cohortSize };
      for (const p of c.periods) {
        row[`p${p.periodNumber}`] = p.retention;
        periods.set(`${c.cohortStart}:${p.periodNumber}`, p);
      }
      return row;
    });
    const active = basis === 'first_order' ? 'ordered' : 'visited';
    const columns: Column<Row>[] = [
      {
        key: 'cohortStart',
        label: 'Cohort',
        render: (r) => (
          <span title={`${String(r.cohortStart)}`}>
            {periodLabel(String(r.cohortStart), grain)}
          </span>
        ),
      },
      {
        key: 'cohortSize',
        label: 'Users',
        numeric: true,
        render: (r) =>
          r.cohortSize === 0 ? (
            <span className="muted">
              0 · no new {basis === 'first_order' ? 'buyers' : 'visitors'}
            </span>
          ) : (
            fmtCount(Number(r.cohortSize))
          ),
      },
      ...Array.from({ length: cohorts.maxPeriod + 1 }, (_, k): Column<Row> => ({
        key: `p${k}`,
        label: periodName(k, grain),
        numeric: true,
        render: (r) => {
          const p = periods.get(`${String(r.cohortStart)}:${k}`);
          if (!p) return '';
          if (p.retention === null) return <span className="muted">–</span>;
          const title =
            `${periodLabel(String(r.cohortStart), grain)} cohort, ${periodName(k, grain)} ` +
            `(${periodLabel(p.periodStart, grain)}): ${fmtCount(p.activeUsers)} of ` +
            `${fmtCount(Number(r.cohortSize))} ${active} (${fmtPercent(p.retention)})` +
            (p.isCurrentPeriod ? ' — period still in progress' : '');
          return (
            <span
              style={cellStyle(p.retention, p.isCurrentPeriod)}
              title={title}
              data-current={p.isCurrentPeriod ? 'true' : undefined}
            >
              {fmtPercent(p.retention)}
            </span>
          );
        },
      })),
    ];
    return { rows, columns };
  }, [cohorts, grain, basis]);
  return (
    <DataTable
      testId="cohorts"
      csvName={`retention-cohorts-${grain}-${basis}`}
      rows={rows}
      columns={columns}
      pageSize={24}
    />
  );
}
