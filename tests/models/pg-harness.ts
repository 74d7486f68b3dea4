import { randomBytes } from 'node:crypto';
import { DuckDbWarehouse } from '../../src/adapters/duckdb/warehouse.js';
import { PgSession } from '../../src/adapters/postgres/session.js';
import { migrate } from '../../src/adapters/sql/migrate.js';
import type { Clock } from '../../src/core/clock.js';
import { rawInput, toLogInputs } from '../../src/core/log-input.js';
import type { LogRecord, SqlSession } from '../../src/core/ports.js';
import { createGenerator } from '../../src/generate/index.js';
import { buildBatch } from '../../src/process/batch.js';
import { createPipeline } from '../../src/process/pipeline.js';

/**
 * DuckDB and PostgreSQL side by side, for the differential tests: the processor's own code
 * fills DuckDB, PostgreSQL gets a copy of the same rows, and each test runs the same SQL on
 * both and compares. CI runs PostgreSQL; without it these tests fail rather than skip.
 */
const SERVER = process.env.STOREPULSE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
/** The silver tables, every one a batch commit may write. */
export const SILVER_TABLES = [
  'silver_events',
  'silver_orders',
  'silver_order_lines',
  'silver_refunds',
  'silver_refund_lines',
  'silver_adjustment_lines',
  'silver_customer_traits',
] as const;

/** What the batch commit writes: silver, quarantine, checkpoints and the live counters. */
export const COMMITTED = [...SILVER_TABLES, 'quarantine', 'checkpoints', 'live_counters'] as const;
const BATCH = 250;
const MAX_FUTURE_MS = 86_400_000;
const MAX_EVENT_BYTES = 32 * 1024;
// PostgreSQL takes at most 65,535 bound values a statement.
const MAX_PARAMS = 60_000;

export type Engine = 'duckdb' | 'postgres';
export type Row = Record<string, unknown>;

/** A DuckDB warehouse in memory and a PostgreSQL database of this test file alone. */
export interface Twins {
  warehouse: DuckDbWarehouse;
  duck: SqlSession;
  pg: SqlSession;
  /** Runs `work` on DuckDB, then on PostgreSQL (never both at once). */
  onBoth<T>(work: (session: SqlSession, engine: Engine) => Promise<T>): Promise<[T, T]>;
  /** One more session on each engine (closed with the twins), e.g. for concurrent readers. */
  open(): Promise<[SqlSession, SqlSession]>;
  /** Replaces PostgreSQL's rows of `tables` with DuckDB's, many rows a statement. */
  copy(tables: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** Both engines migrated at `migratedAt`; PostgreSQL in a new database with C collation. */
export async function openTwins(clock: Clock, migratedAt: number): Promise<Twins> {
  const database = `sp_twins_${randomBytes(6).toString('hex')}`;
  const admin = await PgSession.connect(`${SERVER}/postgres`);
  // C collation: strings sort by bytes, as in DuckDB.
  await admin.exec(
    `create database ${database} template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`,
  );
  const connect = () => PgSession.connect(`${SERVER}/${database}`);
  const pg = await connect();
  await migrate(pg, migratedAt, 'postgres');
  const warehouse = await DuckDbWarehouse.open(':memory:', clock);
  await warehouse.migrate();
  const duck = await warehouse.openSession();
  const extra: SqlSession[] = [];
  return {
    warehouse,
    duck,
    pg,
    onBoth: async (work) => [await work(duck, 'duckdb'), await work(pg, 'postgres')],
    async open() {
      const pair: [SqlSession, SqlSession] = [await warehouse.openSession(), await connect()];
      extra.push(...pair);
      return pair;
    },
    copy: (tables) => copyRows(duck, pg, tables),
    async close() {
      for (const s of [...extra, pg, duck]) await s.close();
      await warehouse.close();
      await admin.exec(`drop database if exists ${database} with (force)`);
      await admin.close();
    },
  };
}

async function copyRows(from: SqlSession, to: SqlSession, tables: readonly string[]) {
  await to.transaction(async () => {
    for (const table of tables) {
      await to.exec(`delete from ${table}`);
      const rows = await from.queryRows(`select * from ${table}`);
      const columns = Object.keys(rows[0] ?? {});
      const perInsert = Math.floor(MAX_PARAMS / Math.max(1, columns.length));
      for (let i = 0; i < rows.length; i += perInsert) {
        const chunk = rows.slice(i, i + perInsert);
        const tuples = chunk.map(
          (_, r) => `(${columns.map((_c, c) => `$${r * columns.length + c + 1}`).join(', ')})`,
        );
        await to.exec(
          `insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}`,
          chunk.flatMap((row) => columns.map((c) => row[c])),
        );
      }
    }
  });
}

type Outcome = { model: string; name?: string; status: string; error?: string };

/** The errors of a model or test run, one line each, named by engine. */
export function errors(engine: Engine, results: Outcome[]): string[] {
  return results
    .filter((r) => r.status === 'error')
    .map((r) => `${engine} ${r.name ?? r.model}: ${r.error}`);
}

/**
 * What differs between two relations' rows (in any order): per column, the first value
 * where the sorted columns part, then whether whole rows match. Sorted here, not by SQL,
 * so collations cannot differ.
 */
export function differences(duckRows: Row[], pgRows: Row[]): string[] {
  const sorted = (rows: Row[], column?: string) =>
    rows.map((r) => JSON.stringify(column === undefined ? r : r[column])).sort();
  const out: string[] = [];
  for (const column of Object.keys(duckRows[0] ?? pgRows[0] ?? {})) {
    const [d, p] = [sorted(duckRows, column), sorted(pgRows, column)];
    const i = d.findIndex((v, k) => v !== p[k]);
    if (i >= 0) out.push(`${column}: duckdb ${d[i]}, postgres ${p[i]}`);
  }
  const [d, p] = [sorted(duckRows), sorted(pgRows)];
  const i = d.findIndex((v, k) => v !== p[k]);
  if (out.length === 0 && i >= 0) out.push(`rows: duckdb ${d[i]}, postgres ${p[i]}`);
  return out;
}

/**
 * Seeded shop traffic (`perDay` events a day from `start`), anomalies included, through the
 * collector's and the processor's own code into the DuckDB warehouse. Receive time follows
 * the events' clock; a timestamp more than a day ahead of it is a wrong device clock
 * (quarantined), not the time of day.
 */
export function seededShop(warehouse: DuckDbWarehouse, start: number, perDay: number) {
  const generator = createGenerator({
    seed: 42,
    simulateFrom: start,
    eventsPerSecond: perDay / 86_400,
  });
  let wall = start;
  let seq = 0;
  const pipeline = createPipeline(
    { maxFutureMs: MAX_FUTURE_MS, defaultCurrency: 'USD', uaCacheSize: 100 },
    () => wall,
  );
  const nextRecord = (): LogRecord => {
    const item = generator.next();
    seq += 1;
    const meta = { receivedAt: wall, writeKeyId: 'k', requestId: `r${seq}`, source: 'http' };
    if (item.kind === 'raw') {
      return { ...rawInput(Buffer.from(item.body), meta, 'malformed_json'), seq };
    }
    const at = Date.parse(String(item.event.timestamp));
    if (at < wall + MAX_FUTURE_MS) meta.receivedAt = wall = Math.max(wall, at);
    return { ...toLogInputs([item.event], meta, MAX_EVENT_BYTES).inputs[0]!, seq };
  };
  return {
    /** Receive time of the newest record sent. */
    wall: () => wall,
    /** The newest sequence number sent. */
    seq: () => seq,
    async send(count: number): Promise<void> {
      for (let sent = 0; sent < count; sent += BATCH) {
        const records = Array.from({ length: Math.min(BATCH, count - sent) }, nextRecord);
        const checkpoint = { consumer: 'silver', toSeq: seq };
        await warehouse.commit(buildBatch(records, pipeline, wall, checkpoint));
      }
    },
  };
}
