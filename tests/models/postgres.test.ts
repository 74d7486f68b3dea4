import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbWarehouse } from '../../src/adapters/duckdb/warehouse.js';
import { PgSession } from '../../src/adapters/postgres/session.js';
import { migrate } from '../../src/adapters/sql/migrate.js';
import { rawInput, toLogInputs } from '../../src/core/log-input.js';
import { MODELS_DIR } from '../../src/core/paths.js';
import type { LogRecord, SqlSession } from '../../src/core/ports.js';
import { createGenerator } from '../../src/generate/index.js';
import { DEFAULT_SETTINGS } from '../../src/model/context.js';
import { loadProject } from '../../src/model/project.js';
import { runModels, type RunSummary } from '../../src/model/runner.js';
import { runTests, type TestSummary } from '../../src/model/test-runner.js';
import { buildBatch } from '../../src/process/batch.js';
import { createPipeline } from '../../src/process/pipeline.js';

/**
 * The models' differential test: the same silver rows, the same settings and the same clock
 * on DuckDB and PostgreSQL must give the same relations, row for row, and the same data test
 * results. CI runs PostgreSQL; without it this test fails rather than skips.
 */
const SERVER = process.env.STOREPULSE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const SILVER = [
  'silver_events',
  'silver_orders',
  'silver_order_lines',
  'silver_refunds',
  'silver_refund_lines',
  'silver_adjustment_lines',
  'silver_customer_traits',
  'quarantine',
  'checkpoints',
];
// About 3,000 events over four days across the end of New York's summer time (2026-11-01).
const START = Date.parse('2026-10-30T00:00:00Z');
const RATE = 3000 / (4 * 86_400);
const BATCH = 250;
const MAX_FUTURE_MS = 86_400_000;
const MAX_EVENT_BYTES = 32 * 1024;
// PostgreSQL takes at most 65,535 bound values a statement.
const MAX_PARAMS = 60_000;

const project = loadProject(MODELS_DIR);
const settings = { ...DEFAULT_SETTINGS, reportTimeZone: 'America/New_York' };
const database = `sp_models_${randomBytes(6).toString('hex')}`;
let now = START;
const clock = { now: () => now };
let admin: PgSession | undefined;
let pg: PgSession | undefined;
let warehouse: DuckDbWarehouse | undefined;
let duck: SqlSession | undefined;

beforeAll(async () => {
  admin = await PgSession.connect(`${SERVER}/postgres`);
  // C collation: strings sort by bytes, as in DuckDB.
  await admin.exec(
    `create database ${database} template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`,
  );
  pg = await PgSession.connect(`${SERVER}/${database}`);
  await migrate(pg, START);
  warehouse = await DuckDbWarehouse.open(':memory:', clock);
  await warehouse.migrate();
  duck = await warehouse.openSession();
}, 60_000);

afterAll(async () => {
  await pg?.close();
  await duck?.close();
  await warehouse?.close();
  await admin?.exec(`drop database if exists ${database} with (force)`);
  await admin?.close();
});

describe('models on DuckDB and PostgreSQL', () => {
  const shop = seededShop();

  // The second test continues from the first: the incremental path needs a first run.
  it('build the same relations and test results from the same silver rows', async () => {
    await shop.send(3000);
    const reasons = await duck!.queryRows('select distinct reason from quarantine');
    expect(reasons.map((r) => r.reason)).toEqual(
      expect.arrayContaining(['duplicate', 'future_timestamp', 'malformed_json', 'oversized']),
    );
    await copySilver();
    now = shop.wall() + 3_600_000;
    await expectSameResults('full');
  }, 180_000);

  it('stay the same after an incremental run', async () => {
    await shop.send(1000);
    await copySilver();
    now = shop.wall() + 3_600_000;
    await expectSameResults('incremental');
  }, 180_000);
});

async function expectSameResults(sessionsMode: 'full' | 'incremental'): Promise<void> {
  const [duckRun, pgRun] = await onBoth((session) =>
    runModels({ session, project, settings, clock }),
  );
  // Soft: one failure does not hide the next, every difference is listed.
  expect
    .soft([...errors('duckdb', duckRun.models), ...errors('postgres', pgRun.models)])
    .toEqual([]);
  const outline = (r: RunSummary) => r.models.map((m) => `${m.model} ${m.mode} ${m.status}`);
  expect.soft(outline(pgRun)).toEqual(outline(duckRun));
  expect.soft(duckRun.models.find((m) => m.model === 'int_sessions')?.mode).toBe(sessionsMode);
  const built = duckRun.models.filter((m, i) => !m.error && !pgRun.models[i]?.error);
  for (const { model } of built) {
    const [duckRows, pgRows] = await onBoth((session) =>
      session.queryRows(`select * from ${model}`),
    );
    expect.soft(pgRows.length, `${model}: row count`).toBe(duckRows.length);
    expect.soft(differences(duckRows, pgRows), model).toEqual([]);
  }
  const [duckTests, pgTests] = await onBoth((session) =>
    runTests({ session, project, settings, clock }),
  );
  const statuses = (s: TestSummary) => s.results.map((r) => `${r.name} ${r.status} ${r.failures}`);
  const why = [...errors('duckdb', duckTests.results), ...errors('postgres', pgTests.results)];
  expect.soft(statuses(pgTests), why.join('\n')).toEqual(statuses(duckTests));
}

async function onBoth<T>(work: (session: SqlSession) => Promise<T>): Promise<[T, T]> {
  return [await work(duck!), await work(pg!)];
}

type Outcome = { model: string; name?: string; status: string; error?: string };

function errors(engine: string, results: Outcome[]): string[] {
  return results
    .filter((r) => r.status === 'error')
    .map((r) => `${engine} ${r.name ?? r.model}: ${r.error}`);
}

type Row = Record<string, unknown>;

/**
 * What differs between two relations' rows (in any order): per column, the first value
 * where the sorted columns part, then whether whole rows match. Sorted here, not by SQL,
 * so collations cannot differ.
 */
function differences(duckRows: Row[], pgRows: Row[]): string[] {
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

/** Replaces PostgreSQL's silver tables with DuckDB's, many rows a statement. */
async function copySilver(): Promise<void> {
  const [from, to] = [duck!, pg!];
  await to.transaction(async () => {
    for (const table of SILVER) {
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

/**
 * Seeded shop traffic, anomalies included, through the collector's and the processor's own
 * code into the DuckDB warehouse. Receive time follows the events' clock; a timestamp more
 * than a day ahead of it is a wrong device clock (quarantined), not the time of day.
 */
function seededShop() {
  const generator = createGenerator({ seed: 42, simulateFrom: START, eventsPerSecond: RATE });
  let wall = START;
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
    wall: () => wall,
    async send(count: number): Promise<void> {
      for (let sent = 0; sent < count; sent += BATCH) {
        const records = Array.from({ length: Math.min(BATCH, count - sent) }, nextRecord);
        const checkpoint = { consumer: 'silver', toSeq: seq };
        await warehouse!.commit(buildBatch(records, pipeline, wall, checkpoint));
      }
    },
  };
}
