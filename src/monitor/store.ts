import type { SqlSession } from '../core/ports.js';
import { loadSqlFolder } from '../core/sql.js';
import { fromSqlTimestamp, toSqlTimestamp } from '../core/time.js';
import type { Alert } from './types.js';

const SQL = loadSqlFolder('monitor');

/** Alerts in the warehouse (`ops_alerts`): the open ones and the history. */
export function alertStore(session: SqlSession) {
  return {
    async open(): Promise<Alert[]> {
      return (await session.queryRows(SQL.alerts_open!.text)).map(alertOf);
    },
    async recent(limit: number): Promise<Alert[]> {
      return (await session.queryRows(SQL.alerts_recent!.text, [limit])).map(alertOf);
    },
    async save(alerts: readonly Alert[]): Promise<void> {
      if (alerts.length === 0) return;
      await session.transaction(async () => {
        for (const a of alerts) {
          await session.exec(SQL.alert_save!.text, [
            a.id,
            a.check,
            a.severity,
            a.state,
            a.title,
            a.detail,
            a.value !== null && Number.isFinite(a.value) ? a.value : null,
            a.unit,
            toSqlTimestamp(Date.parse(a.openedAt)),
            toSqlTimestamp(Date.parse(a.updatedAt)),
            a.resolvedAt === null ? null : toSqlTimestamp(Date.parse(a.resolvedAt)),
          ]);
        }
      });
    },
  };
}

export type AlertStore = ReturnType<typeof alertStore>;

const instant = (v: unknown) => new Date(fromSqlTimestamp(String(v))).toISOString();

function alertOf(r: Record<string, unknown>): Alert {
  return {
    id: String(r.alert_id),
    check: String(r.check_name),
    severity: r.severity === 'critical' ? 'critical' : 'warning',
    state: r.state === 'open' ? 'open' : 'resolved',
    title: String(r.title),
    detail: String(r.detail),
    value: r.value == null ? null : Number(r.value),
    unit: String(r.unit),
    openedAt: instant(r.opened_at),
    updatedAt: instant(r.updated_at),
    resolvedAt: r.resolved_at == null ? null : instant(r.resolved_at),
  };
}
