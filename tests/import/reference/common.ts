import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Big } from 'big.js';
import Papa from 'papaparse';

/** The shared real data sets: `../shared/data/` from the project root. */
export const DATA_DIR = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));

/**
 * A CSV file's data rows as strings (gzip when the name ends in `.gz`), after checking that
 * its header is `columns`. Values are not trimmed: duplicates compare the text as it is.
 */
export function readCsv(file: string, columns: readonly string[]): string[][] {
  const bytes = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new Error(`${file}: ${parsed.errors[0]!.message}`);
  const [header, ...rows] = parsed.data;
  if (header?.join(',') !== columns.join(',')) throw new Error(`${file}: unexpected header`);
  for (const row of rows) {
    if (row.length !== columns.length) throw new Error(`${file}: row of ${row.length} columns`);
  }
  return rows;
}

/** A row as a record by column name (`readCsv` has checked its length). */
export function byName<K extends string>(row: string[], columns: readonly K[]): Record<K, string> {
  return Object.fromEntries(columns.map((c, i) => [c, row[i]!])) as Record<K, string>;
}

/** A whole number from CSV text; anything else is an error (never a silent NaN). */
export function integer(text: string): number {
  if (!/^-?\d+$/.test(text)) throw new Error(`not an integer: ${text}`);
  return Number(text);
}

/** A money amount from CSV text, exact. */
export function decimal(text: string): Big {
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`not a decimal: ${text}`);
  return new Big(text);
}

/** Adds `by` to a counter in a record (counts by kind). */
export function bump(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

/** An item with its `rank()` position: 1 + the number of items with a strictly greater value. */
export type Ranked<T> = T & { rank: number };

/**
 * The items whose SQL `rank() over (order by value desc)` is at most `n`: equal values share
 * a rank and the next rank skips (1, 1, 3), so more than `n` items come back on a tie at the
 * edge. Sorted by rank, then by `id`.
 */
export function topByRank<T>(
  items: T[],
  value: (t: T) => Big,
  id: (t: T) => string,
  n: number,
): Ranked<T>[] {
  const sorted = [...items].sort((a, b) => value(b).cmp(value(a)) || cmpText(id(a), id(b)));
  const out: Ranked<T>[] = [];
  for (const [i, item] of sorted.entries()) {
    const prev = out[out.length - 1];
    const rank = prev && value(prev).eq(value(item)) ? prev.rank : i + 1;
    if (rank > n) break;
    out.push({ ...item, rank });
  }
  return out;
}

/** Compares texts by code unit, as SQL's binary collation does. */
export function cmpText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** JSON-friendly copy of a figures object: `Big` as a 4-decimal string, Maps as objects. */
export function printable(value: unknown): unknown {
  if (value instanceof Big) return value.toFixed(4);
  if (value instanceof Map) return printable(Object.fromEntries(value));
  if (Array.isArray(value)) return value.map(printable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printable(v)]));
  }
  return value;
}
