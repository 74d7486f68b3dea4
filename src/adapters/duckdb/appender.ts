import type { DuckDBConnection } from '@duckdb/node-api';

type Kind = 'bigint' | 'integer' | 'boolean' | 'text';
export interface Column {
  name: string;
  kind: Kind;
}

/** The columns of a table in order, with how the appender must write each. */
export async function tableColumns(conn: DuckDBConnection, table: string): Promise<Column[]> {
  const reader = await conn.runAndReadAll(
    `select column_name, data_type from information_schema.columns
     where table_name = $1 and table_catalog <> 'temp' order by ordinal_position`,
    [table],
  );
  return reader.getRowObjectsJson().map((r) => ({
    name: r.column_name as string,
    kind: kindOf(r.data_type as string),
  }));
}

function kindOf(type: string): Kind {
  if (type === 'BIGINT') return 'bigint';
  if (type === 'INTEGER') return 'integer';
  if (type === 'BOOLEAN') return 'boolean';
  // VARCHAR, TIMESTAMP and DECIMAL are written as text and cast by DuckDB: exact for
  // decimals, and timestamps are already UTC wall-time strings.
  return 'text';
}

/**
 * Appends row objects by column name, so a row type and its table cannot drift apart
 * silently: a missing field is a programming error and throws.
 */
export async function appendRows(
  conn: DuckDBConnection,
  table: string,
  catalog: 'temp' | null,
  columns: Column[],
  rows: readonly object[],
): Promise<void> {
  if (rows.length === 0) return;
  const app = await conn.createAppender(table, catalog ? 'main' : null, catalog);
  let flushed = false;
  try {
    for (const row of rows) {
      const rec = row as Record<string, unknown>;
      for (const col of columns) {
        const v = rec[col.name];
        if (v === undefined) throw new Error(`row for ${table} has no field ${col.name}`);
        if (v === null) app.appendNull();
        else if (col.kind === 'bigint') app.appendBigInt(BigInt(v as number));
        else if (col.kind === 'integer') app.appendInteger(v as number);
        else if (col.kind === 'boolean') app.appendBoolean(v as boolean);
        else if (typeof v === 'string') app.appendVarchar(v);
        else throw new Error(`${table}.${col.name} must be text, got ${typeof v}`);
      }
      app.endRow();
    }
    app.flushSync();
    flushed = true;
  } finally {
    if (flushed) app.closeSync();
    else {
      // A failed append keeps its rows buffered, and DuckDB flushes them again when the
      // appender is destroyed: on garbage collection, inside whatever transaction runs
      // then, which that failure silently aborts. Drop them; the first error is reported.
      app.clear();
      try {
        app.closeSync();
      } catch {
        /* nothing left to flush; the append error is the one to report */
      }
    }
  }
}
