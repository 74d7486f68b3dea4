import type { PipelineResponse } from '@api/types';
import { DataTable } from '../../components/DataTable';
import { Empty, Panel } from '../../components/Panel';
import { StatusPill, fmtDuration, fmtInstant, toneOf } from '../ops/common';

type Data = PipelineResponse;
type AlertRow = Data['alertHistory'][number];

const since = (openedAt: string, at: string) => Date.parse(at) - Date.parse(openedAt);

/** The open alerts, critical first, each with what is wrong and since when. */
export function OpenAlerts({ data, tz }: { data: Data; tz: string }) {
  return (
    <Panel title="Open alerts" subtitle="one per failing check, until the check is ok again">
      <div data-testid="open-alerts">
        {data.alerts.length === 0 ? (
          <Empty>✓ No open alerts</Empty>
        ) : (
          <ul className="alerts">
            {data.alerts.map((a) => (
              <li key={a.id} className={a.severity} data-check={a.check}>
                <div className="alert-head">
                  <b>{a.title}</b>
                  <StatusPill status={a.severity} />
                </div>
                <div className="muted">{a.detail}</div>
                <div className="muted alert-since">
                  since {fmtInstant(a.openedAt, tz)} ({fmtDuration(since(a.openedAt, data.at))}) ·{' '}
                  <code>{a.check}</code>
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Panel>
  );
}

/** Every alert of late, open and resolved, as the warehouse keeps them (`ops_alerts`). */
export function AlertHistory({ data, tz }: { data: Data; tz: string }) {
  return (
    <Panel
      title="Alert history"
      subtitle={`the newest ${data.alertHistory.length} alerts, open and resolved, newest first`}
    >
      {data.alertHistory.length === 0 ? (
        <Empty>No alert has been raised yet.</Empty>
      ) : (
        <DataTable<AlertRow>
          testId="alert-history"
          csvName="alerts"
          rows={data.alertHistory}
          pageSize={5}
          search={['title', 'check', 'detail', 'state', 'severity']}
          columns={[
            {
              key: 'state',
              label: 'State',
              render: (r) => (
                <span className={`pill ${r.state === 'open' ? toneOf(r.severity) : 'good'}`}>
                  {r.state}
                </span>
              ),
            },
            { key: 'severity', label: 'Severity' },
            { key: 'title', label: 'Alert' },
            { key: 'check', label: 'Check', render: (r) => <code>{r.check}</code> },
            { key: 'openedAt', label: 'Opened', render: (r) => fmtInstant(r.openedAt, tz) },
            {
              key: 'resolvedAt',
              label: 'Resolved',
              render: (r) => (r.resolvedAt ? fmtInstant(r.resolvedAt, tz) : 'open'),
            },
            {
              key: 'durationMs',
              label: 'Duration',
              numeric: true,
              render: (r) => fmtDuration(r.durationMs),
            },
            {
              key: 'detail',
              label: 'Detail',
              render: (r) => <span className="muted">{r.detail}</span>,
            },
          ]}
        />
      )}
    </Panel>
  );
}
