import type { SqlSession } from '../../core/ports.js';
import { loadSqlFolder } from '../../core/sql.js';

/** A result row as JSON values: decimals and big integers arrive as strings. */
export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

/** The dashboard's read queries, sql/api/<name>.sql, each bound with positional $1, $2, ... */
export interface DashboardReads {
  read(query: string, params: unknown[]): Promise<Row[]>;
}

const QUERIES = loadSqlFolder('api');

/**
 * Runs the named dashboard queries on a few read sessions of their own, so a slow page
 * never waits behind another and never touches the processor's writer. Each session takes
 * one query at a time; a query goes to the session with the shortest queue.
 */
export function createReads(sessions: SqlSession[]): DashboardReads & { close(): Promise<void> } {
  const queues = sessions.map((session) => ({ session, tail: Promise.resolve(), waiting: 0 }));
  return {
    read(query, params) {
      const sql = QUERIES[query];
      if (!sql) return Promise.reject(new Error(`no dashboard query named ${query}`));
      const q = queues.reduce((a, b) => (b.waiting < a.waiting ? b : a));
      q.waiting++;
      const run = q.tail.then(() => q.session.queryRows(sql.text, params) as Promise<Row[]>);
      q.tail = run.then(
        () => undefined,
        () => undefined,
      );
      return run.finally(() => q.waiting--);
    },
    async close() {
      await Promise.all(queues.map((q) => q.tail));
      await Promise.all(sessions.map((s) => s.close()));
    },
  };
}
