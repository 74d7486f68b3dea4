import { loadSqlFolder, type NamedSql } from '../../core/sql.js';
import { toSqlTimestamp } from '../../core/time.js';
import type { SqlSession, WarehouseRetention } from '../../core/ports.js';

const SQL = loadSqlFolder('retention');

/**
 * Deletes what the retention policy says has expired, with the named statements of
 * sql/retention (common to DuckDB and PostgreSQL); rows deleted per table, only for the
 * targets that have a cutoff. Silver and the models' tables are never touched.
 */
export async function pruneTables(
  target: Pick<SqlSession, 'exec' | 'transaction'>,
  policy: WarehouseRetention,
): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  const remove = async (table: string, sql: NamedSql, cutoff?: number) => {
    const params = cutoff === undefined ? [] : [toSqlTimestamp(cutoff)];
    deleted[table] = await target.exec(sql.text, params);
  };
  const { quarantineBefore, opsBefore, liveSecondsBefore } = policy;
  if (quarantineBefore !== null) await remove('quarantine', SQL.quarantine!, quarantineBefore);
  if (opsBefore !== null) {
    // A run and its rows go together.
    await target.transaction(async () => {
      await remove('ops_runs', SQL.ops_runs!, opsBefore);
      await remove('ops_model_runs', SQL.ops_model_runs!);
      await remove('ops_test_results', SQL.ops_test_results!);
    });
    await remove('ops_alerts', SQL.ops_alerts!, opsBefore);
  }
  if (liveSecondsBefore !== null) {
    await remove('live_counters', SQL.live_seconds!, liveSecondsBefore);
  }
  return deleted;
}
