import { loadMigrations, type SqlEngine } from '../../core/sql.js';
import { toSqlTimestamp } from '../../core/time.js';
import type { SqlSession } from '../../core/ports.js';

type MigrationTarget = Pick<SqlSession, 'exec' | 'queryRows' | 'transaction'>;

/**
 * Applies the numbered migrations not yet applied (the common ones and the engine's own),
 * each in its own transaction.
 */
export async function migrate(
  target: MigrationTarget,
  now: number,
  engine: SqlEngine,
): Promise<string[]> {
  await target.exec(
    'create table if not exists schema_migrations (version integer primary key, name varchar not null, applied_at timestamp not null)',
  );
  const rows = await target.queryRows('select version from schema_migrations');
  const applied = new Set(rows.map((r) => Number(r.version)));
  const done: string[] = [];
  for (const m of loadMigrations(engine)) {
    if (applied.has(m.version)) continue;
    await target.transaction(async () => {
      await target.exec(m.text);
      await target.exec('insert into schema_migrations values ($1, $2, $3)', [
        m.version,
        m.name,
        toSqlTimestamp(now),
      ]);
    });
    done.push(m.name);
  }
  return done;
}
