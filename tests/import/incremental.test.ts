/**
 * `storepulse import` runs the models incrementally afterwards, and an import usually lands
 * in a warehouse whose models are built: its events are months or years older than anything
 * there. The incremental run must then give exactly what a full rebuild gives.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IMPORT_TIMEOUT_MS, importRuntime, type ImportRuntime } from './harness.js';
import { ONLINE_RETAIL_FILE } from './reference/online-retail.js';
import { REES46_FILE } from './reference/rees46.js';
import { readCsv } from './reference/common.js';
import { ONLINE_RETAIL_COLUMNS } from './reference/online-retail-invoices.js';
import Papa from 'papaparse';
import { tempDir } from '../helpers.js';

const MARTS = [
  'mart_daily_kpis',
  'mart_active_users',
  'mart_products',
  'mart_customers',
  'mart_rfm',
  'mart_retention_cohorts',
  'mart_funnel_daily',
  'fct_daily_sales',
  'fct_sales',
  'fct_events',
  'dim_customer',
  'dim_product',
  'int_sessions',
];

/** Every mart's rows, as a row count and an order-independent hash of their text. */
async function snapshot(rt: ImportRuntime) {
  const out: Record<string, unknown> = {};
  for (const t of MARTS) {
    const [r] = await rt.query(`
      select count(*) as n, md5(string_agg(md5(cast(x as varchar)), '' order by md5(cast(x as varchar)))) as h
      from ${t} x`);
    out[t] = r;
  }
  return out;
}

let rt: ImportRuntime;
let sliceDir: string;
let sliceFile: string;

beforeAll(async () => {
  rt = await importRuntime('Europe/London');
  // The first 30,000 lines of Online Retail (December 2010), gzip, as a file of its own.
  const rows = readCsv(ONLINE_RETAIL_FILE, ONLINE_RETAIL_COLUMNS).slice(0, 30_000);
  sliceDir = await tempDir('storepulse-slice-');
  sliceFile = join(sliceDir, 'online-retail-slice.csv.gz');
  await writeFile(
    sliceFile,
    gzipSync(Papa.unparse({ fields: [...ONLINE_RETAIL_COLUMNS], data: rows })),
  );
}, IMPORT_TIMEOUT_MS);

afterAll(async () => {
  await rt?.close();
  await rm(sliceDir, { recursive: true, force: true });
});

it(
  'an import into a built warehouse, then an incremental run, equals a full rebuild',
  async () => {
    await rt.importFile('rees46', REES46_FILE);
    await rt.runModels(false);
    // Nine years earlier than everything built so far.
    await rt.importFile('online-retail', sliceFile);
    await rt.runModels(false);
    const incremental = await snapshot(rt);
    await rt.runModels(true);
    expect(incremental).toEqual(await snapshot(rt));
    const [orders] = await rt.query('select count(*) as n from silver_orders');
    expect(Number(orders!.n)).toBeGreaterThan(1_000);
  },
  IMPORT_TIMEOUT_MS,
);
