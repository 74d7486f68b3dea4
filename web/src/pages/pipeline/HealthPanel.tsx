import type { PipelineResponse } from '@api/types';
import { Panel } from '../../components/Panel';
import { StatusPill, fmtInstant, toneOf } from '../ops/common';

type Health = PipelineResponse['health'];

/** The monitor's verdict: the status with its reasons, and every check as one line. */
export function HealthPanel({ health, tz }: { health: Health; tz: string }) {
  return (
    <Panel
      title="Health"
      subtitle={`the monitor's newest checks, run ${fmtInstant(health.checkedAt, tz)}`}
      actions={<StatusPill status={health.status} testId="health-status" />}
    >
      {health.reasons.length > 0 && (
        <ul className="reasons" data-testid="health-reasons">
          {health.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      <table className="compact" data-testid="health-checks">
        <tbody>
          {health.checks.map((c) => (
            <tr key={c.check} data-check={c.check} data-status={c.status}>
              <td>
                <span className={`status-dot ${toneOf(c.status)}`} title={c.status} />
              </td>
              <td>
                <code>{c.check}</code>
              </td>
              <td className="wrap">{c.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
