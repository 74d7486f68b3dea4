import pg from 'pg';
import type { SqlSession } from '../../core/ports.js';
import { InfraError } from '../../core/errors.js';

const { builtins } = pg.types;
const asText = (text: string) => text;

/**
 * Rows as the DuckDB session gives them, so results from both engines compare equal:
 * decimals and bigints as PostgreSQL prints them (strings), timestamps and dates as text
 * (with DateStyle ISO both engines print 'YYYY-MM-DD HH:MM:SS' and trim trailing zeros of
 * fractional seconds), smaller integers and floats as numbers.
 */
const PARSERS = new Map<number, (text: string) => unknown>([
  [builtins.NUMERIC, asText],
  [builtins.INT8, asText],
  [builtins.TIMESTAMP, asText],
  [builtins.TIMESTAMPTZ, asText],
  [builtins.DATE, asText],
  [builtins.INT2, Number],
  [builtins.INT4, Number],
  [builtins.FLOAT4, Number],
  [builtins.FLOAT8, Number],
  [builtins.BOOL, (text) => text === 't'],
]);

// Per client, so other pg users in the process keep pg's defaults.
const types: pg.CustomTypesConfig = {
  getTypeParser: (oid, format) =>
    PARSERS.get(oid) ?? (pg.types.getTypeParser(oid, format) as (text: string) => unknown),
};

/**
 * How every storepulse connection to PostgreSQL is set up (sessions and the warehouse's
 * writer), so all of them read and write timestamps alike.
 */
export function clientConfig(url: string, applicationName?: string): pg.ClientConfig {
  return {
    connectionString: url,
    types,
    ...(applicationName ? { application_name: applicationName } : {}),
    // Timestamps hold UTC wall time; ISO is the text format the rows above rely on. No
    // JIT: the models' plans are costed on tables rewritten within the run (one-row
    // ops_run_context, new tables) without statistics, and compiling them took seconds to
    // save milliseconds.
    options: '-c TimeZone=UTC -c DateStyle=ISO -c jit=off',
  };
}

/** One PostgreSQL connection as a SqlSession. Not shared: one caller at a time. */
export class PgSession implements SqlSession {
  /** Over a connected client set up with clientConfig; close() ends it. */
  constructor(private readonly client: pg.Client) {}

  static async connect(url: string): Promise<PgSession> {
    const client = new pg.Client(clientConfig(url));
    // Without a listener a dropped idle connection would crash the process; the next query
    // fails instead.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (cause) {
      throw new InfraError('cannot connect to PostgreSQL', true, { cause });
    }
    return new PgSession(client);
  }

  async exec(sql: string, params: unknown[] = []): Promise<number> {
    // Several statements (a migration) give one result each; the last one counts.
    const result = (await this.client.query(sql, params)) as pg.QueryResult | pg.QueryResult[];
    return (Array.isArray(result) ? result.at(-1) : result)?.rowCount ?? 0;
  }

  async queryRows(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    return (await this.client.query<Record<string, unknown>>(sql, params)).rows;
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.client.query('begin');
    try {
      const out = await work();
      await this.client.query('commit');
      return out;
    } catch (e) {
      await this.client.query('rollback').catch(() => undefined);
      throw e;
    }
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
