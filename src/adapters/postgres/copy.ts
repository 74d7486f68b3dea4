import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

// Text chunks of about this size go to the server: big enough to amortise each write.
const CHUNK_CHARS = 1 << 20;
const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * One value in COPY's text format: null as \N, booleans as t/f, integers as digits, text
 * with backslash, tab, newline and carriage return escaped. Decimals and timestamps come as
 * strings and the server casts them, as DuckDB's appender does. A NUL character is left as
 * it is: PostgreSQL text cannot hold it and the server refuses the row. Undefined for a
 * value of no column type.
 */
export function copyValue(v: unknown): string | undefined {
  if (v === null) return '\\N';
  if (typeof v === 'string') return SPECIAL.test(v) ? v.replace(SPECIALS, (c) => ESCAPES[c]!) : v;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/**
 * Row objects as COPY text lines, by column name in the table's order, in chunks. A row
 * without one of the fields, or with a value of no column type, is a programming error and
 * throws (as for the appender).
 */
export function* copyChunks(
  table: string,
  columns: readonly string[],
  rows: readonly object[],
): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    const rec = row as Record<string, unknown>;
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      const v = rec[column];
      const text = copyValue(v);
      if (text === undefined) {
        throw new Error(
          v === undefined
            ? `row for ${table} has no field ${column}`
            : `${table}.${column} cannot be written as ${typeof v}`,
        );
      }
      line += i === 0 ? text : `\t${text}`;
    }
    chunk += `${line}\n`;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * Bulk-writes rows with COPY ... FROM STDIN (text format) on `client`, inside its current
 * transaction: the fastest way into PostgreSQL, and one error refuses the whole COPY.
 */
export async function copyRows(
  client: pg.Client,
  table: string,
  columns: readonly string[],
  rows: readonly object[],
): Promise<void> {
  if (rows.length === 0) return;
  const sql = `copy ${table} (${columns.join(', ')}) from stdin`;
  await pipeline(Readable.from(copyChunks(table, columns, rows)), client.query(copyFrom(sql)));
}
