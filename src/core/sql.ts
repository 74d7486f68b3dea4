import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SQL_DIR } from './paths.js';

/** A named SQL text, loaded from sql/<folder>/<name>.sql; values are bound as $1, $2, ... */
export interface NamedSql {
  name: string;
  text: string;
}

export function loadSqlFolder(folder: string): Record<string, NamedSql> {
  const dir = join(SQL_DIR, folder);
  const out: Record<string, NamedSql> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
    const name = file.replace(/\.sql$/, '');
    out[name] = { name, text: readFileSync(join(dir, file), 'utf8') };
  }
  return out;
}

export interface Migration {
  version: number;
  name: string;
  text: string;
}

/** The engines a migration may be kept for. */
export type SqlEngine = 'duckdb' | 'postgres';

/**
 * Numbered migrations in order: the common ones, sql/migrations/NNN_name.sql, merged with
 * the engine's own, sql/migrations/<engine>/NNN_name.sql (PostgreSQL's indexes, 005, which
 * would only slow DuckDB's inserts; each engine's `money_average`, 006, one function in two
 * dialects). Versions are one sequence across the folders, so the next common migration
 * is 007. A version used twice is a mistake and throws.
 */
export function loadMigrations(engine: SqlEngine): Migration[] {
  const own = existsSync(join(SQL_DIR, 'migrations', engine))
    ? Object.values(loadSqlFolder(`migrations/${engine}`))
    : [];
  const all = [...Object.values(loadSqlFolder('migrations')), ...own]
    .map((m) => ({ version: Number(m.name.slice(0, 3)), name: m.name, text: m.text }))
    .sort((a, b) => a.version - b.version);
  const twice = all.find((m, i) => i > 0 && all[i - 1]!.version === m.version);
  if (twice) throw new Error(`migration version ${twice.version} is used twice`);
  return all;
}
