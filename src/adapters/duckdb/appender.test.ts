import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect, it } from 'vitest';
import { appendRows } from './appender.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

it('leaves nothing behind when an append fails, even after garbage collection', async () => {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run('create table t (id varchar primary key)');
  const columns = [{ name: 'id', kind: 'text' as const }];
  await appendRows(conn, 't', null, columns, [{ id: 'a' }]);

  await conn.run('begin transaction');
  const error = await appendRows(conn, 't', null, columns, [{ id: 'b' }, { id: 'a' }]).catch(
    (e: Error) => e.message,
  );
  expect(error).toMatch(/duplicate key/i);
  await conn.run('rollback');

  // The failed appender is destroyed while the next transaction runs: that must not abort it.
  await conn.run('begin transaction');
  collectGarbage();
  await new Promise((r) => setTimeout(r, 20));
  collectGarbage();
  await conn.run(`insert into t values ('c')`);
  await conn.run('commit');
  const rows = (await conn.runAndReadAll('select id from t order by id')).getRows();
  expect(rows.map((r) => r[0])).toEqual(['a', 'c']);
  conn.closeSync();
  db.closeSync();
});
