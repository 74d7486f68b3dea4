import { useMemo } from 'react';
import type { PipelineResponse } from '@api/types';
import { Chart } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { StatCard } from '../components/KpiCard';
import { Layout } from '../components/Layout';
import { Empty, Panel, Status } from '../components/Panel';
import { useApi } from '../lib/api';
import { fmtCount } from '../lib/format';
import { useMeta } from '../lib/meta';
import { useQueryParam } from '../lib/url-state';
import { StatusPill, fmtDuration, fmtInstant, fmtSeconds, toneOf } from './ops/common';
import { AlertHistory, OpenAlerts } from './pipeline/AlertsPanel';
import { HealthPanel } from './pipeline/HealthPanel';
import { ProcessingPanel } from './pipeline/ProcessingPanel';
import { durationsOption, ingestOption, slowestOption } from './pipeline/charts';

type Data = PipelineResponse;
type Run = Data['runs'][number];
type ModelRow = NonNullable<Data['lastModelRun']>['models'][number];

const RUN_COUNTS = ['10', '30', '100', '200'];
const KINDS = [
  { id: 'all', label: 'All runs' },
  { id: 'models', label: 'Model builds' },
  { id: 'tests', label: 'Data tests' },
] as const;

function Kpis({ data }: { data: Data }) {
  const i = data.ingest;
  const run = data.lastModelRun;
  const lagTone = i.lagSeconds > 300 ? 'bad' : i.lagSeconds > 60 ? 'warn' : 'good';
  const open = data.alerts.length;
  return (
    <div className="kpis">
      <StatCard
        testId="health"
        label="Health"
        value={data.health.status}
        tone={toneOf(data.health.status)}
        sub={open === 0 ? 'no open alerts' : `${open} open alert${open === 1 ? '' : 's'}`}
      />
      <StatCard
        testId="stored"
        label="Events stored"
        value={fmtCount(data.warehouse.silverEvents)}
        sub={`${fmtCount(data.warehouse.orders)} orders · ${fmtCount(data.warehouse.quarantined)} in quarantine`}
      />
      <StatCard
        testId="lag"
        label="Processing lag"
        value={`${fmtCount(i.lagEvents)} ${i.lagUnit}`}
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
          <div className="grid two">
            <OpenAlerts data={data} tz={tz} />
            <HealthPanel health={data.health} tz={tz} />
          </div>
          <AlertHistory data={data} tz={tz} />
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
            <ProcessingPanel data={data} />
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
