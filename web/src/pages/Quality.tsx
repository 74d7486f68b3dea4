import { useMemo } from 'react';
import type { QualityResponse } from '@api/types';
import { COLORS, Chart } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { StatCard } from '../components/KpiCard';
import { Layout } from '../components/Layout';
import { Empty, Panel, Status } from '../components/Panel';
import { useApi } from '../lib/api';
import { fmtCount, fmtPercent } from '../lib/format';
import { useMeta } from '../lib/meta';
import { useQueryParam, useRange } from '../lib/url-state';
import { StatusPill, fmtInstant, fmtSeconds, toneOf } from './ops/common';

type Data = QualityResponse;
type TestRow = Data['tests']['results'][number];

/** One colour per reason, the shared palette first. */
const REASON_COLORS = [...COLORS, '#ec4899', '#84cc16', '#06b6d4', '#a855f7', '#f97316', '#0f766e'];

const pct = (v: number | null) => (v == null ? '–' : v > 0 && v < 0.001 ? '<0.1%' : fmtPercent(v));

/** A bucket label for the axis: the day, or the hour (with the day when several are shown). */
const bucketLabel = (bucket: string, grain: Data['grain'], days: number) =>
  grain === 'day'
    ? bucket.slice(5)
    : days > 1
      ? `${bucket.slice(5, 10)} ${bucket.slice(11)}`
      : bucket.slice(11);

function Kpis({ data }: { data: Data }) {
  const t = data.totals;
  const failing = data.tests.counts.fail + data.tests.counts.error;
  const marts = data.freshness.filter((f) => f.layer === 'mart');
  const stalest = marts.reduce<(typeof marts)[number] | null>(
    (a, m) => (a === null || (m.ageSeconds ?? Infinity) > (a.ageSeconds ?? Infinity) ? m : a),
    null,
  );
  const rateTone =
    t.quarantineRate == null
      ? 'neutral'
      : t.quarantineRate < 0.01
        ? 'good'
        : t.quarantineRate < 0.05
          ? 'warn'
          : 'bad';
  return (
    <div className="kpis">
      <StatCard
        testId="quarantine-rate"
        label="Quarantine rate"
        value={pct(t.quarantineRate)}
        tone={rateTone}
        sub={`quality score ${pct(t.qualityScore)} of ${fmtCount(t.received)} received`}
      />
      <StatCard
        testId="quarantined"
        label="Quarantined in range"
        value={fmtCount(t.quarantined)}
        sub={`${fmtCount(t.quarantined - t.resolved)} unresolved · ${fmtCount(t.resolved)} resolved by replay`}
      />
      <StatCard
        testId="failing-tests"
        label="Failing data tests"
        value={fmtCount(failing)}
        tone={failing > 0 ? 'bad' : data.tests.counts.total > 0 ? 'good' : 'neutral'}
        sub={
          data.tests.counts.total > 0
            ? `of ${fmtCount(data.tests.counts.total)} tests · ${fmtCount(data.tests.counts.warn)} warning`
            : 'no test results yet'
        }
      />
      <StatCard
        testId="stalest-mart"
        label="Stalest mart"
        value={stalest ? fmtSeconds(stalest.ageSeconds) : '–'}
        tone={stalest ? toneOf(stalest.level) : 'neutral'}
        sub={stalest ? `${stalest.name} · ${stalest.level}` : 'no mart built yet'}
      />
    </div>
  );
}

function byReasonOption(data: Data, colorOf: (r: string) => string) {
  const labels = data.buckets.map((b) => bucketLabel(b.bucket, data.grain, data.range.days));
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: number) => fmtCount(v),
    },
    legend: { bottom: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 11 } },
    grid: {
      left: 48,
      right: 48,
      top: 16,
      bottom: 28 + 22 * Math.ceil((data.reasons.length + 1) / 5),
    },
    xAxis: { type: 'category', data: labels, axisLabel: { hideOverlap: true } },
    yAxis: [
      {
        type: 'value',
        minInterval: 1,
        splitLine: { lineStyle: { color: '#eef0f4' } },
      },
      {
        type: 'value',
        min: 0,
        axisLabel: { formatter: (v: number) => fmtPercent(v) },
        splitLine: { show: false },
      },
    ],
    series: [
      ...data.reasons.map((r) => ({
        name: r.reason,
        type: 'bar',
        stack: 'q',
        barMaxWidth: 48,
        itemStyle: { color: colorOf(r.reason) },
        data: data.buckets.map((b) => b.byReason[r.reason] ?? 0),
      })),
      {
        name: 'quarantine rate',
        type: 'line',
        yAxisIndex: 1,
        showSymbol: data.buckets.length < 40,
        itemStyle: { color: '#111827' },
        lineStyle: { width: 1.5, type: 'dashed' },
        tooltip: { valueFormatter: (v: number | null) => pct(v) },
        data: data.buckets.map((b) => b.quarantineRate),
      },
    ],
  };
}

function scoreOption(data: Data) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['Received', 'Quality score'] },
    grid: { left: 52, right: 52, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: data.daily.map((d) => d.day.slice(5)) },
    yAxis: [
      { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f4' } } },
      {
        type: 'value',
        min: 0,
        max: 1,
        axisLabel: { formatter: (v: number) => fmtPercent(v) },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: 'Received',
        type: 'bar',
        barMaxWidth: 40,
        itemStyle: { color: '#c7d2fe', borderRadius: [3, 3, 0, 0] },
        tooltip: { valueFormatter: (v: number) => fmtCount(v) },
        data: data.daily.map((d) => d.received),
      },
      {
        name: 'Quality score',
        type: 'line',
        yAxisIndex: 1,
        itemStyle: { color: COLORS[2] },
        tooltip: { valueFormatter: (v: number | null) => pct(v) },
        data: data.daily.map((d) => d.qualityScore),
        connectNulls: false,
      },
    ],
  };
}

/** The raw payload, pretty-printed when it is whole JSON. */
function payloadText(raw: string, truncated: boolean): string {
  if (truncated) return raw;
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

function Samples({
  data,
  tz,
  colorOf,
}: {
  data: Data;
  tz: string;
  colorOf: (r: string) => string;
}) {
  const [chosen, setChosen] = useQueryParam('reason', '');
  const reasons = data.reasons.map((r) => r.reason);
  const reason = reasons.includes(chosen) ? chosen : (reasons[0] ?? '');
  const rows = data.samples.filter((s) => s.reason === reason);
  const description = data.reasons.find((r) => r.reason === reason)?.description;
  return (
    <Panel
      title="Sample payloads"
      subtitle="the newest 5 quarantined events of each reason, raw payload as received (cut at 2 KB)"
    >
      {reasons.length === 0 ? (
        <Empty>Nothing was quarantined in this range.</Empty>
      ) : (
        <>
          <div
            className="seg"
            role="group"
            aria-label="Reason"
            style={{ flexWrap: 'wrap', marginBottom: 8 }}
          >
            {reasons.map((r) => (
              <button
                key={r}
                type="button"
                aria-pressed={r === reason}
                onClick={() => setChosen(r)}
                data-reason={r}
              >
                <span
                  style={{
                    display: 'inline-block',
                    width: 8,
                    height: 8,
                    borderRadius: 2,
                    marginRight: 6,
                    background: colorOf(r),
                  }}
                />
                {r}
              </button>
            ))}
          </div>
          {description && (
            <p className="muted" style={{ margin: '4px 0 10px' }}>
              {description}
            </p>
          )}
          <div data-testid="samples">
            {rows.map((s, i) => (
              <details
                key={s.seq}
                open={i === 0}
                style={{ borderTop: '1px solid var(--line)', padding: '8px 0' }}
              >
                <summary style={{ cursor: 'pointer', display: 'flex', gap: 12, flexWrap: 'wrap' }}>
                  <code>seq {s.seq}</code>
                  <span className="muted">{fmtInstant(s.receivedAt, tz)}</span>
                  <span>{s.detail}</span>
                  {s.eventName && <span className="pill">{s.eventName}</span>}
                  <span className={`pill ${s.resolvedAt ? 'good' : 'warn'}`}>
                    {s.resolvedAt ? `resolved: ${s.resolution ?? 'replayed'}` : 'unresolved'}
                  </span>
                  {s.truncated && (
                    <span className="muted">first 2,048 of {fmtCount(s.rawLength)} characters</span>
                  )}
                </summary>
                <pre style={{ maxHeight: 260, marginTop: 8 }}>
                  {payloadText(s.raw, s.truncated)}
                </pre>
              </details>
            ))}
          </div>
        </>
      )}
    </Panel>
  );
}

const TEST_FILTERS = [
  { id: 'all', label: 'All' },
  { id: 'problems', label: 'Failing & warning' },
] as const;

function Tests({ data, tz }: { data: Data; tz: string }) {
  const [filter, setFilter] = useQueryParam('tests', 'all');
  const c = data.tests.counts;
  const rows =
    filter === 'problems'
      ? data.tests.results.filter((t) => t.status !== 'pass')
      : data.tests.results;
  return (
    <Panel
      title="Data tests"
      subtitle={
        data.tests.ranAt
          ? `latest result of each test; newest test run ${fmtInstant(data.tests.ranAt, tz)}`
          : 'no data test has run yet (storepulse models test, or the scheduler)'
      }
      actions={
        <div className="seg" role="group" aria-label="Which tests">
          {TEST_FILTERS.map((f) => (
            <button
              key={f.id}
              type="button"
              aria-pressed={filter === f.id}
              onClick={() => setFilter(f.id === 'all' ? null : f.id)}
            >
              {f.label}
            </button>
          ))}
        </div>
      }
    >
      <div
        style={{ display: 'flex', gap: 8, marginBottom: 8, flexWrap: 'wrap' }}
        data-testid="test-counts"
      >
        {(['pass', 'warn', 'fail', 'error'] as const).map((s) => (
          <span
            key={s}
            className={`pill ${toneOf(s)}`}
            data-testid={`tests-${s}`}
            data-count={c[s]}
          >
            {fmtCount(c[s])} {s}
          </span>
        ))}
      </div>
      {data.tests.results.length === 0 ? (
        <Empty>No data test results yet.</Empty>
      ) : (
        <DataTable<TestRow>
          testId="quality-tests"
          csvName={`data-tests-${data.tests.ranAt?.slice(0, 10) ?? 'none'}`}
          rows={rows}
          pageSize={15}
          search={['name', 'model', 'column', 'type', 'status']}
          columns={[
            {
              key: 'status',
              label: 'Status',
              render: (r) => <StatusPill status={r.status} />,
            },
            {
              key: 'name',
              label: 'Test',
              render: (r) => <code title={r.error ?? ''}>{r.name}</code>,
            },
            { key: 'model', label: 'Model' },
            { key: 'column', label: 'Column' },
            { key: 'type', label: 'Type' },
            { key: 'severity', label: 'Severity' },
            {
              key: 'failures',
              label: 'Failing rows',
              numeric: true,
              render: (r) => (
                <span
                  title={r.sample ? JSON.stringify(r.sample, null, 2) : ''}
                  style={{ color: r.failures > 0 ? 'var(--bad)' : undefined }}
                >
                  {fmtCount(r.failures)}
                </span>
              ),
            },
            {
              key: 'failingSince',
              label: 'Failing since',
              render: (r) => (r.failingSince ? fmtInstant(r.failingSince, tz) : '–'),
            },
            { key: 'ranAt', label: 'Ran', render: (r) => fmtInstant(r.ranAt, tz) },
          ]}
        />
      )}
      {data.tests.results.some((t) => t.sample) && (
        <details style={{ marginTop: 10 }}>
          <summary style={{ cursor: 'pointer' }}>Failing samples</summary>
          {data.tests.results
            .filter((t) => t.sample)
            .map((t) => (
              <div key={t.name} style={{ marginTop: 8 }}>
                <StatusPill status={t.status} /> <code>{t.name}</code>
                <pre>{JSON.stringify(t.sample, null, 2)}</pre>
              </div>
            ))}
        </details>
      )}
    </Panel>
  );
}

export function Quality() {
  const range = useRange();
  const meta = useMeta();
  const tz = meta?.reportTimeZone ?? 'UTC';
  const { data, error, loading } = useApi<Data>('/quality', { from: range.from, to: range.to });
  const colorOf = useMemo(() => {
    const order = new Map((data?.reasons ?? []).map((r, i) => [r.reason, i]));
    return (r: string) => REASON_COLORS[(order.get(r) ?? 0) % REASON_COLORS.length]!;
  }, [data]);
  const byReason = useMemo(() => data && byReasonOption(data, colorOf), [data, colorOf]);
  const score = useMemo(() => data && scoreOption(data), [data]);
  return (
    <Layout title="Data quality">
      <Status loading={loading && !data} error={error} />
      {data && (
        <>
          <Kpis data={data} />
          <div className="grid two">
            <Panel
              title="Quarantined events by reason"
              subtitle={`per ${data.grain === 'hour' ? 'local hour' : 'local day'} of arrival, with the share of received events quarantined (dashed)`}
            >
              {data.totals.quarantined > 0 && byReason ? (
                <Chart
                  option={byReason}
                  height={280}
                  label="Quarantined events by reason over time"
                />
              ) : (
                <Empty>No event was quarantined in this range.</Empty>
              )}
            </Panel>
            <Panel
              title="Quality score per day"
              subtitle="share of received events that went straight to silver (1 − quarantine rate)"
            >
              {data.totals.received > 0 && score ? (
                <Chart option={score} height={280} label="Quality score per day" />
              ) : (
                <Empty>No events in this range.</Empty>
              )}
            </Panel>
          </div>
          <div className="grid two">
            <Panel
              title="Quarantine reasons"
              subtitle={`${fmtCount(data.totals.quarantined)} quarantined of ${fmtCount(data.totals.received)} received in the range; share = of all quarantined`}
            >
              {data.reasons.length === 0 ? (
                <Empty>Nothing was quarantined in this range: every event passed.</Empty>
              ) : (
                <DataTable
                  testId="quality-reasons"
                  csvName={`quarantine-reasons-${data.range.from}-${data.range.to}`}
                  rows={data.reasons}
                  pageSize={15}
                  columns={[
                    {
                      key: 'reason',
                      label: 'Reason',
                      render: (r) => (
                        <span title={r.description}>
                          <span
                            style={{
                              display: 'inline-block',
                              width: 8,
                              height: 8,
                              borderRadius: 2,
                              marginRight: 6,
                              background: colorOf(r.reason),
                            }}
                          />
                          <code>{r.reason}</code>
                        </span>
                      ),
                    },
                    {
                      key: 'events',
                      label: 'Events',
                      numeric: true,
                      render: (r) => fmtCount(r.events),
                    },
                    {
                      key: 'shareOfQuarantined',
                      label: 'Share',
                      numeric: true,
                      render: (r) => pct(r.shareOfQuarantined),
                    },
                    {
                      key: 'shareOfReceived',
                      label: 'Of received',
                      numeric: true,
                      render: (r) => pct(r.shareOfReceived),
                    },
                    {
                      key: 'unresolved',
                      label: 'Unresolved',
                      numeric: true,
                      render: (r) => fmtCount(r.unresolved),
                    },
                    {
                      key: 'resolved',
                      label: 'Resolved',
                      numeric: true,
                      render: (r) => fmtCount(r.resolved),
                    },
                  ]}
                />
              )}
            </Panel>
            <Samples data={data} tz={tz} colorOf={colorOf} />
          </div>
          <Tests data={data} tz={tz} />
          <div style={{ height: 16 }} />
          <Panel
            title="Freshness per layer"
            subtitle="the monitor's freshness checks: bronze by the processing lag, silver by the newest arrival, marts by the oldest event they do not include yet"
          >
            <DataTable
              testId="quality-freshness"
              csvName="freshness"
              rows={data.freshness}
              pageSize={40}
              columns={[
                {
                  key: 'layer',
                  label: 'Layer',
                  render: (r) => <span className="pill">{r.layer}</span>,
                },
                { key: 'name', label: 'Name', render: (r) => <code>{r.name}</code> },
                { key: 'level', label: 'Level', render: (r) => <StatusPill status={r.level} /> },
                {
                  key: 'ageSeconds',
                  label: 'Age',
                  numeric: true,
                  render: (r) => fmtSeconds(r.ageSeconds),
                },
                {
                  key: 'behindEvents',
                  label: 'Records behind',
                  numeric: true,
                  render: (r) => (r.behindEvents === null ? '–' : fmtCount(r.behindEvents)),
                },
                { key: 'asOf', label: 'As of', render: (r) => fmtInstant(r.asOf, tz) },
                {
                  key: 'rule',
                  label: 'Rule',
                  render: (r) => (
                    <span className="muted" title={r.detail}>
                      {r.rule}
                    </span>
                  ),
                },
              ]}
            />
          </Panel>
          <p className="foot muted">
            Quarantined events count by arrival time (many have no valid event time); stored events
            by event time, from the live per-minute counters. For live traffic the two agree within
            seconds; after a backfill of old events the rates per day or hour are skewed (the
            quarantined ones all land on the day they arrived). Received = stored + unresolved
            quarantined; resolved rows were replayed into silver and are counted once. Days and
            hours are local to {tz}.
          </p>
        </>
      )}
    </Layout>
  );
}
