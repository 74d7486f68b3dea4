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

/** Drops whatever stands under the model's name (table or view). */
async function dropExisting(session: SqlSession, name: string, relations: Relations) {
  const kind = relations.get(name)?.kind;
  if (kind) await session.exec(`drop ${kind} ${name}`);
}

export async function buildView(session: SqlSession, m: Model, sql: string, rels: Relations) {
  if (rels.get(m.name)?.kind === 'table') await dropExisting(session, m.name, rels);
  await session.exec(`create or replace view ${m.name} as\n${sql}`);
  return null;
}

/**
 * A table, whole. Same SQL as last time: delete and insert in one transaction, so readers
 * see the old rows or the new, never none. Changed SQL: drop and create, columns may differ.
 */
export async function buildTable(
  session: SqlSession,
  m: Model,
  sql: string,
  rels: Relations,
  sameSql: boolean,
): Promise<number> {
  if (sameSql && rels.get(m.name)?.kind === 'table') {
    return session.transaction(async () => {
      await session.exec(`delete from ${m.name}`);
      return session.exec(`insert into ${m.name}\n${sql}`);
    });
  }
  return session.transaction(async () => {
    await dropExisting(session, m.name, rels);
    return session.exec(`create table ${m.name} as\n${sql}`);
  });
}

/**
 * The rows of an incremental model at or after the window: deleted, then inserted from the
 * model's select, filtered again here so the two always cover the same rows. A date column
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
  return session.transaction(async () => {
    await session.exec(`delete from ${m.name} where ${column} >= ${bound}`);
    return session.exec(
      `insert into ${m.name}\nselect * from (\n${sql}\n) model_rows where ${column} >= ${bound}`,
    );
  });
}
