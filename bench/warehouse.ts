import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbWarehouse } from '../src/adapters/duckdb/warehouse.js';
import { PgSession } from '../src/adapters/postgres/session.js';
import { PgWarehouse } from '../src/adapters/postgres/warehouse.js';
import { systemClock } from '../src/core/clock.js';
import type { SilverBatch, Warehouse } from '../src/core/ports.js';
import { createGenerator } from '../src/generate/index.js';
import { fillWarehouse } from './lib/fill.js';

/**
 * Commit cost of the two warehouses: the same batches of 20,000 generated records (about
 * 200,000, anomalies included, through the real pipeline) committed into DuckDB (a temp
 * file, as `storepulse start` commits: the direct path) and into PostgreSQL (a database of
 * its own: the staged path with COPY), then into PostgreSQL again with `atLeastOnce`, as
 * processors on the shared NATS consumer commit. Only the commits are timed. The shop runs
 * at `rate` events a second of event time (a busy live shop by default): the live counters
 * get one row per second and event type, so a sparser history costs more per event.
 * Usage: node dist/bench/warehouse.js [records] [rate] [postgres server URL, no database]
 */
const [recordsArg, rateArg, serverArg] = process.argv.slice(2);
const RECORDS = Number(recordsArg ?? 200_000);
const RATE = Number(rateArg ?? 5_000);
const SERVER = serverArg ?? 'postgres://postgres@127.0.0.1:5432';
const BATCH = 20_000;

interface Row {
  engine: string;
  records: number;
  stored: number;
  seconds: number;
  batchMs: number[];
}

const batches = await makeBatches();
const rows = [
  await timeDuckDb(),
  await timePostgres('PostgreSQL', false),
  await timePostgres('PostgreSQL, atLeastOnce', true),
];
console.log(
  `\n${RECORDS} records at ${RATE}/s of event time in batches of ${BATCH}, ${cpus().length} cores, ${await pgVersion()}\n`,
);
console.log(
  '| warehouse | records | events stored | commit s | records/s | events/s | batch p50 ms | batch max ms |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const sorted = [...r.batchMs].sort((a, b) => a - b);
  const cells = [
    r.engine,
    r.records,
    r.stored,
    r.seconds.toFixed(2),
    Math.round(r.records / r.seconds),
    Math.round(r.stored / r.seconds),
    Math.round(sorted[Math.floor(sorted.length / 2)]!),
    Math.round(sorted.at(-1)!),
  ];
  console.log(`| ${cells.join(' | ')} |`);
}

/** The batches fillWarehouse builds (generator, pipeline), kept instead of committed. */
async function makeBatches(): Promise<SilverBatch[]> {
  const out: SilverBatch[] = [];
  const keep = {
    commit: async (batch: SilverBatch) => {
      out.push(batch);
      return { stored: 0, quarantined: 0, duplicates: 0, duplicateOrders: 0 };
    },
  };
  const generator = createGenerator({
    seed: 11,
    simulateFrom: Date.now() - (RECORDS / RATE) * 1000,
    eventsPerSecond: RATE,
  });
  // fillWarehouse only ever commits.
  await fillWarehouse(keep as unknown as Warehouse, generator, {
    count: RECORDS,
    firstSeq: 0,
    batchSize: BATCH,
  });
  return out;
}

async function timeCommits(engine: string, warehouse: Warehouse, atLeastOnce: boolean) {
  const row: Row = { engine, records: 0, stored: 0, seconds: 0, batchMs: [] };
  for (const batch of batches) {
    const t0 = performance.now();
    const result = await warehouse.commit({ ...batch, atLeastOnce });
    const ms = performance.now() - t0;
    row.batchMs.push(ms);
    row.seconds += ms / 1000;
    row.records += batch.events.length + batch.quarantine.length;
    row.stored += result.stored;
    console.error(`${engine}: batch ${row.batchMs.length} in ${Math.round(ms)} ms`);
  }
  return row;
}

async function timeDuckDb(): Promise<Row> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-warehouse-'));
  const warehouse = await DuckDbWarehouse.open(join(dir, 'warehouse.duckdb'), systemClock);
  try {
    await warehouse.migrate();
    return await timeCommits('DuckDB', warehouse, false);
  } finally {
    await warehouse.close();
    await rm(dir, { recursive: true });
  }
}

/** Into a new database of its own, dropped afterwards. */
async function timePostgres(engine: string, atLeastOnce: boolean): Promise<Row> {
  const database = `sp_bench_${randomBytes(6).toString('hex')}`;
  const admin = await PgSession.connect(`${SERVER}/postgres`);
  await admin.exec(
    `create database ${database} template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`,
  );
  const warehouse = await PgWarehouse.open(`${SERVER}/${database}`, systemClock);
  try {
    await warehouse.migrate();
    return await timeCommits(engine, warehouse, atLeastOnce);
  } finally {
    await warehouse.close();
    await admin.exec(`drop database if exists ${database} with (force)`);
    await admin.close();
  }
}

async function pgVersion(): Promise<string> {
  const admin = await PgSession.connect(`${SERVER}/postgres`);
  const [row] = await admin.queryRows('show server_version');
  await admin.close();
  return `PostgreSQL ${String(row?.server_version)}`;
}
