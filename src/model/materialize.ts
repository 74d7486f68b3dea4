import type { SqlSession } from '../core/ports.js';
import type { Model } from './project.js';
import { SQL } from './context.js';

/** What exists in the warehouse now: relation name to its kind and column types. */
export type Relations = Map<string, { kind: 'table' | 'view'; columns: Map<string, string> }>;

export async function readRelations(session: SqlSession): Promise<Relations> {
  const out: Relations = new Map();
  for (const r of await session.queryRows(SQL.relations!.text)) {
    const name = String(r.table_name);
    let rel = out.get(name);
    if (!rel) {
      rel = {
        kind: String(r.table_type).toUpperCase() === 'VIEW' ? 'view' : 'table',
        columns: new Map(),
      };
      out.set(name, rel);
    }
    rel.columns.set(String(r.column_name), String(r.data_type).toLowerCase());
  }
  return out;
}

/**
 * Drops whatever stands under the model's name (table or view). PostgreSQL refuses to drop
 * a relation other views are built on, so they go too (cascade; DuckDB binds views when
 * read and keeps them): the run rebuilds them when it reaches them, a `--select` without
 * them leaves them missing until a run that selects them.
 */
async function dropExisting(session: SqlSession, name: string, relations: Relations) {
  const kind = relations.get(name)?.kind;
  if (kind) await session.exec(`drop ${kind} ${name} cascade`);
}

/**
 * `create or replace view` keeps the views built on this one, but PostgreSQL refuses it when
 * the columns change (other than new ones at the end); then drop and create, in one
 * transaction so a failing select keeps the old view.
 */
export async function buildView(session: SqlSession, m: Model, sql: string, rels: Relations) {
  if (rels.get(m.name)?.kind === 'view') {
    try {
      await session.exec(`create or replace view ${m.name} as\n${sql}`);
      return null;
    } catch {
      // Columns changed on PostgreSQL, or the select is broken: the transaction below tells.
    }
  }
  await session.transaction(async () => {
    await dropExisting(session, m.name, rels);
    await session.exec(`create view ${m.name} as\n${sql}`);
  });
  return null;
}

/**
 * A table, whole. Same SQL as last time: delete and insert (the caller's transaction keeps
 * readers on the old rows or the new, never none). Changed SQL: drop and create.
 */
export async function buildTable(
  session: SqlSession,
  m: Model,
  sql: string,
  rels: Relations,
  sameSql: boolean,
): Promise<number> {
  if (sameSql && rels.get(m.name)?.kind === 'table') {
    await session.exec(`delete from ${m.name}`);
    return session.exec(`insert into ${m.name}\n${sql}`);
  }
  await dropExisting(session, m.name, rels);
  await session.exec(`create table ${m.name} as\n${sql}`);
  // DuckDB reports no rows changed by `create table as`.
  const [row] = await session.queryRows(`select count(*) as n from ${m.name}`);
  return Number(row?.n ?? 0);
}

/**
 * The rows of an incremental model at or after the window: deleted, then inserted (in the
 * caller's transaction) from the model's select, filtered again here so the two always cover the same rows. A date column
 * compares with the window's local day, anything else with its UTC instant.
 */
export async function buildWindow(
  session: SqlSession,
  m: Model,
  sql: string,
  rels: Relations,
): Promise<number> {
  const column = m.spec.config.window_column!;
  const type = rels.get(m.name)?.columns.get(column);
  if (!type) throw new Error(`${m.name} has no column ${column} to window on`);
  const bound =
    type === 'date'
      ? '(select window_day from ops_run_context)'
      : '(select window_start from ops_run_context)';
  await session.exec(`delete from ${m.name} where ${column} >= ${bound}`);
  return session.exec(
    `insert into ${m.name}\nselect * from (\n${sql}\n) model_rows where ${column} >= ${bound}`,
  );
}
