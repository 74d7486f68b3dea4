import { useMemo } from 'react';
import type { PipelineResponse } from '@api/types';
import { COLORS, Chart } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { StatCard } from '../components/KpiCard';
import { Layout } from '../components/Layout';
import { Empty, Panel, Status } from '../components/Panel';
import { useApi } from '../lib/api';
import { fmtCount, fmtTime } from '../lib/format';
import { useMeta } from '../lib/meta';
import { useQueryParam } from '../lib/url-state';
import {
  Facts,
  StatusPill,
  fmtBytes,
  fmtDuration,
  fmtInstant,
  fmtSeconds,
  toneOf,
} from './ops/common';

type Data = PipelineResponse;
type Run = Data['runs'][number];
type ModelRow = NonNullable<Data['lastModelRun']>['models'][number];

const RUN_COUNTS = ['10', '30', '100', '200'];
const KINDS = [
  { id: 'all', label: 'All runs' },
  { id: 'models', label: 'Model builds' },
  { id: 'tests', label: 'Data tests' },
] as const;

const STATUS_COLOR: Record<string, string> = {
  success: COLORS[2]!,
  pass: COLORS[2]!,
  warn: COLORS[3]!,
  running: COLORS[1]!,
  error: COLORS[4]!,
  fail: COLORS[4]!,
};

function Kpis({ data }: { data: Data }) {
  const i = data.ingest;
  const run = data.lastModelRun;
  const lagTone = i.lagSeconds > 300 ? 'bad' : i.lagSeconds > 60 ? 'warn' : 'good';
  return (
    <div className="kpis">
      <StatCard
        testId="stored"
        label="Events stored"
        value={fmtCount(data.warehouse.silverEvents)}
        sub={`${fmtCount(data.warehouse.orders)} orders · ${fmtCount(data.warehouse.quarantined)} in quarantine`}
      />
      <StatCard
        testId="lag"
        label="Processing lag"
        value={`${fmtCount(i.lagEvents)} events`}
        tone={lagTone}
        sub={
          i.lagEvents > 0
            ? `oldest waiting ${fmtSeconds(i.lagSeconds)} · checkpoint ${fmtCount(i.checkpoint)}`
            : `caught up at log seq ${fmtCount(i.logLastSeq)}`
        }
      />
      <StatCard
        testId="rate"
        label="Processing rate"
        value={`${(i.eventsPerMinute / 60).toFixed(2)} /s`}
        sub={`${fmtCount(Math.round(i.eventsPerMinute))} events/min stored, mean of the last 5 min`}
      />
      <StatCard
        testId="last-run"
        label="Last model run"
        value={
          run ? (
            <span data-status={run.status} data-testid="last-run-status">
              {run.status}
            </span>
          ) : (
            'none yet'
          )
        }
        tone={run ? toneOf(run.status) : 'neutral'}
        sub={
          run
            ? `${fmtDuration(run.durationMs)} · ${run.succeeded} built, ${run.failed} failed, ${run.skipped} skipped`
            : 'models have not run yet'
        }
      />
    </div>
  );
}

function ingestOption(data: Data, tz: string) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['Events', 'Orders'] },
    grid: { left: 44, right: 40, top: 32, bottom: 28 },
    xAxis: {
      type: 'time',
      axisLabel: { formatter: (v: number) => fmtTime(new Date(v).toISOString(), tz) },
    },
    yAxis: [
      { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f4' } } },
      { type: 'value', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      {
        name: 'Events',
        type: 'bar',
        barWidth: '60%',
        itemStyle: { color: COLORS[0], borderRadius: [2, 2, 0, 0] },
        data: data.ingest.perMinute.map((m) => [m.minute, m.events]),
      },
      {
        name: 'Orders',
        type: 'scatter',
        yAxisIndex: 1,
        symbolSize: 8,
        itemStyle: { color: COLORS[2] },
        data: data.ingest.perMinute.filter((m) => m.orders > 0).map((m) => [m.minute, m.orders]),
      },
    ],
  };
}

function durationsOption(runs: Run[], tz: string) {
  const ordered = [...runs].reverse();
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: { dataIndex: number }[]) => {
        const r = ordered[ps[0]?.dataIndex ?? 0];
        return r
          ? `${r.kind} · ${r.status}<br/>${fmtInstant(r.startedAt, tz)}<br/>${fmtDuration(r.durationMs)}`
          : '';
      },
    },
    grid: { left: 56, right: 12, top: 16, bottom: 28 },
    xAxis: {
      type: 'category',
      data: ordered.map((r) => fmtTime(r.startedAt, tz, true)),
      axisLabel: { hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      axisLabel: { formatter: (v: number) => fmtDuration(v) },
      splitLine: { lineStyle: { color: '#eef0f4' } },
    },
    series: [
      {
        name: 'Duration',
        type: 'bar',
        barMaxWidth: 28,
        data: ordered.map((r) => ({
          value: r.durationMs ?? 0,
          itemStyle: {
            color: STATUS_COLOR[r.status] ?? COLORS[7],
            opacity: r.kind === 'tests' ? 0.55 : 1,
            borderRadius: [3, 3, 0, 0],
          },
        })),
      },
    ],
  };
}

function slowestOption(models: ModelRow[]) {
  const top = models.slice(0, 10).reverse();
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: number) => fmtDuration(v),
    },
    grid: { left: 170, right: 24, top: 8, bottom: 24 },
    xAxis: {
      type: 'value',
      axisLabel: { formatter: (v: number) => fmtDuration(v) },
      splitLine: { lineStyle: { color: '#eef0f4' } },
    },
    yAxis: { type: 'category', data: top.map((m) => m.model), axisLabel: { fontSize: 11 } },
    series: [
      {
        name: 'Duration',
        type: 'bar',
        barMaxWidth: 16,
        data: top.map((m) => ({
          value: m.durationMs,
          itemStyle: {
            color: m.status === 'error' ? COLORS[4] : COLORS[0],
            borderRadius: [0, 3, 3, 0],
          },
        })),
      },
    ],
  };
}

function Alerts({ data, tz }: { data: Data; tz: string }) {
  return (
    <Panel
      title="Alerts"
      subtitle="derived from the numbers on this page: failed builds, failing error-severity tests, lag over 60 s, no events for 15 min"
    >
      <div data-testid="alerts">
        {data.alerts.length === 0 ? (
          <div className="empty" style={{ color: 'var(--good)', padding: 20 }}>
            ✓ No active alerts
          </div>
        ) : (
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {data.alerts.map((a) => (
              <li
                key={`${a.code}-${a.title}`}
                data-code={a.code}
                style={{
                  borderLeft: `3px solid ${a.severity === 'critical' ? 'var(--bad)' : 'var(--warn)'}`,
                  padding: '6px 10px',
                  marginBottom: 8,
                  background: a.severity === 'critical' ? '#fef2f2' : '#fffbeb',
                  borderRadius: 6,
                }}
              >
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                  <b>{a.title}</b>
                  <span className={`pill ${a.severity === 'critical' ? 'bad' : 'warn'}`}>
                    {a.severity}
                  </span>
                </div>
                <div className="muted" style={{ fontSize: 12, marginTop: 2 }}>
                  {a.detail} Since {fmtInstant(a.since, tz)}.
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
      <p className="notice info" style={{ margin: '10px 0 0', fontSize: 12 }}>
        Full alerting (rules, notifications, webhooks) comes with monitoring; until then these are
        shown here only.
      </p>
    </Panel>
  );
}

function Processing({ data }: { data: Data }) {
  const p = data.processor;
  const i = data.ingest;
  return (
    <Panel
      title="Log and processor"
      subtitle="the event log (bronze) and the processor since it started"
    >
      <Facts
        items={[
          {
            label: 'Log sequence',
            value: `${fmtCount(i.logFirstSeq)} → ${fmtCount(i.logLastSeq)}`,
          },
          { label: 'Log size', value: fmtBytes(i.logBytes) },
          { label: 'Checkpoint', value: fmtCount(i.checkpoint), testId: 'checkpoint' },
          { label: 'Lag', value: `${fmtCount(i.lagEvents)} · ${fmtSeconds(i.lagSeconds)}` },
          ...(p
            ? [
                { label: 'Processed', value: fmtCount(p.processed) },
                {
                  label: 'Stored / quarantined',
                  value: `${fmtCount(p.stored)} / ${fmtCount(p.quarantined)}`,
                },
                { label: 'Duplicates (warehouse)', value: fmtCount(p.duplicates) },
                { label: 'Batches', value: fmtCount(p.batches) },
                {
                  label: 'Avg batch size',
                  value: p.avgBatchSize === null ? '–' : fmtCount(Math.round(p.avgBatchSize)),
                },
                { label: 'Last batch', value: fmtDuration(p.lastBatchMs) },
                {
                  label: 'Receive → visible',
                  value: `p50 ${fmtDuration(p.visibleP50Ms)} · p99 ${fmtDuration(p.visibleP99Ms)}`,
                },
                {
                  label: 'Last error',
                  value: p.lastError ? (
                    <span style={{ color: 'var(--bad)' }}>{p.lastError}</span>
                  ) : (
                    'none'
                  ),
                },
              ]
            : [{ label: 'Processor', value: 'runs in another process' }]),
          {
            label: 'Orders / refunds',
            value: `${fmtCount(data.warehouse.orders)} / ${fmtCount(data.warehouse.refunds)}`,
          },
          { label: 'Identify traits', value: fmtCount(data.warehouse.traits) },
        ]}
      />
    </Panel>
  );
}

export function Pipeline() {
  const meta = useMeta();
  const tz = meta?.reportTimeZone ?? 'UTC';
  const [runsParam, setRuns] = useQueryParam('runs', '30');
  const runs = RUN_COUNTS.includes(runsParam) ? runsParam : '30';
  const [kind, setKind] = useQueryParam('kind', 'all');
  const { data, error, loading } = useApi<Data>('/pipeline', { runs }, 10_000);
  const shownRuns = useMemo(
    () => (data ? data.runs.filter((r) => kind === 'all' || r.kind === kind) : []),
    [data, kind],
  );
  const ingest = useMemo(() => data && ingestOption(data, tz), [data, tz]);
  const durations = useMemo(() => durationsOption(shownRuns, tz), [shownRuns, tz]);
  const slowest = useMemo(
    () => data?.lastModelRun && slowestOption(data.lastModelRun.models),
    [data],
  );
  return (
    <Layout title="Pipeline" range={false}>
      <Status loading={loading && !data} error={error} />
      {data && (
        <>
          <Kpis data={data} />
          <Alerts data={data} tz={tz} />
          <div style={{ height: 16 }} />
          <div className="grid two">
            <Panel
              title="Ingest per minute"
              subtitle="stored events (bars) and orders (dots) per minute over the last hour, by event time (live counters)"
            >
              {data.ingest.perMinute.some((m) => m.events > 0) && ingest ? (
                <Chart option={ingest} height={240} label="Stored events per minute, last hour" />
              ) : (
                <Empty>No events with an event time in the last hour.</Empty>
              )}
            </Panel>
            <Processing data={data} />
          </div>
          <Panel
            title="Model runs"
            subtitle="builds of the SQL models and data test runs, newest first"
            actions={
              <>
                <div className="seg" role="group" aria-label="Run kind">
                  {KINDS.map((k) => (
                    <button
                      key={k.id}
                      type="button"
                      aria-pressed={kind === k.id}
                      onClick={() => setKind(k.id === 'all' ? null : k.id)}
                    >
                      {k.label}
                    </button>
                  ))}
                </div>
                <select
                  className="control"
                  aria-label="Runs shown"
                  value={runs}
                  onChange={(e) => setRuns(e.target.value === '30' ? null : e.target.value)}
                >
                  {RUN_COUNTS.map((n) => (
                    <option key={n} value={n}>
                      last {n}
                    </option>
                  ))}
                </select>
              </>
            }
          >
            {shownRuns.length === 0 ? (
              <Empty>No runs yet: the scheduler builds the models every minute once started.</Empty>
            ) : (
              <DataTable<Run>
                testId="pipeline-runs"
                csvName="model-runs"
                rows={shownRuns}
                pageSize={10}
                columns={[
                  {
                    key: 'status',
                    label: 'Status',
                    render: (r) => <StatusPill status={r.status} />,
                  },
                  { key: 'kind', label: 'Kind' },
                  { key: 'trigger', label: 'Trigger' },
                  {
                    key: 'startedAt',
                    label: 'Started',
                    render: (r) => fmtInstant(r.startedAt, tz),
                  },
                  {
                    key: 'durationMs',
                    label: 'Duration',
                    numeric: true,
                    render: (r) => fmtDuration(r.durationMs),
                  },
                  { key: 'selected', label: 'Selected', numeric: true },
                  { key: 'succeeded', label: 'Built / passed', numeric: true },
                  {
                    key: 'failed',
                    label: 'Failed',
                    numeric: true,
                    render: (r) => (
                      <span style={{ color: r.failed > 0 ? 'var(--bad)' : undefined }}>
                        {r.failed}
                      </span>
                    ),
                  },
                  { key: 'skipped', label: 'Skipped / warned', numeric: true },
                  {
                    key: 'error',
                    label: 'Error',
                    render: (r) =>
                      r.error ? <span style={{ color: 'var(--bad)' }}>{r.error}</span> : '–',
                  },
                  {
                    key: 'runId',
                    label: 'Run',
                    render: (r) => <code className="muted">{r.runId}</code>,
                  },
                ]}
              />
            )}
          </Panel>
          <div style={{ height: 16 }} />
          <div className="grid two">
            <Panel
              title="Run durations"
              subtitle="oldest → newest; green ok, amber warned, red failed; pale bars are data test runs"
            >
              {shownRuns.length > 0 ? (
                <Chart option={durations} height={280} label="Run durations" />
              ) : (
                <Empty>No runs yet.</Empty>
              )}
            </Panel>
            <Panel
              title="Slowest models of the last build"
              subtitle={
                data.lastModelRun
                  ? `build started ${fmtInstant(data.lastModelRun.startedAt, tz)}, ${fmtDuration(data.lastModelRun.durationMs)} in all`
                  : 'no finished build yet'
              }
            >
              {slowest ? (
                <Chart option={slowest} height={280} label="Slowest models of the last build" />
              ) : (
                <Empty>No finished model build yet.</Empty>
              )}
            </Panel>
          </div>
          {data.lastModelRun && (
            <Panel
              title="Models of the last build"
              subtitle="how each model was built: full, incremental (a window), view, or unchanged (nothing new)"
            >
              <DataTable<ModelRow>
                testId="pipeline-models"
                csvName={`models-${data.lastModelRun.runId}`}
                rows={data.lastModelRun.models}
                pageSize={10}
                search={['model', 'mode', 'status', 'materialized']}
                columns={[
                  {
                    key: 'status',
                    label: 'Status',
                    render: (r) => <StatusPill status={r.status} />,
                  },
                  { key: 'model', label: 'Model', render: (r) => <code>{r.model}</code> },
                  { key: 'materialized', label: 'Materialized' },
                  { key: 'mode', label: 'Mode' },
                  {
                    key: 'rows',
                    label: 'Rows',
                    numeric: true,
                    render: (r) => (r.rows === null ? '–' : fmtCount(r.rows)),
                  },
                  {
                    key: 'durationMs',
                    label: 'Duration',
                    numeric: true,
                    render: (r) => fmtDuration(r.durationMs),
                  },
                  {
                    key: 'error',
                    label: 'Error',
                    render: (r) =>
                      r.error ? <span style={{ color: 'var(--bad)' }}>{r.error}</span> : '–',
                  },
                ]}
              />
            </Panel>
          )}
          <p className="foot muted">
            Refreshed every 10 s. Per-minute counts are by event time from the live counters; times
            are shown in {tz}.
          </p>
        </>
      )}
    </Layout>
  );
}
