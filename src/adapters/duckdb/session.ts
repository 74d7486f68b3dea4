import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { SqlSession } from '../../core/ports.js';

/** One DuckDB connection as a SqlSession. Not shared: one caller at a time. */
export class DuckDbSession implements SqlSession {
  constructor(private readonly conn: DuckDBConnection) {}

  async exec(sql: string, params: unknown[] = []): Promise<number> {
    const result = await this.conn.run(sql, params as DuckDBValue[]);
    return Number(result.rowsChanged);
  }

  async queryRows(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    const reader = await this.conn.runAndReadAll(sql, params as DuckDBValue[]);
    return reader.getRowObjectsJson();
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.conn.run('begin transaction');
    try {
      const out = await work();
      await this.conn.run('commit');
      return out;
    } catch (e) {
      await this.conn.run('rollback').catch(() => undefined);
      throw e;
    }
  }

  close(): Promise<void> {
    this.conn.closeSync();
    return Promise.resolve();
  }
}
