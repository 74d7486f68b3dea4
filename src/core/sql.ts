import { readdirSync, readFileSync } from 'node:fs';
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

/** Numbered migrations, sql/migrations/NNN_name.sql, in order. */
export function loadMigrations(): Migration[] {
  return Object.values(loadSqlFolder('migrations'))
    .map((m) => ({ version: Number(m.name.slice(0, 3)), name: m.name, text: m.text }))
    .sort((a, b) => a.version - b.version);
}
