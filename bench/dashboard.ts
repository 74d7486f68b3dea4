/**
 * npm run bench:dashboard -- [warehouse.duckdb] [--requests 40]
 * The dashboard's targets on a big warehouse (default: the 10 M-event one `npm run
 * bench:models -- 10000000` leaves in scratch/bench-models):
 * - API latency (p50/p95/max over HTTP on loopback) of every page's endpoint and views;
 * - first page load in a cold Chromium (no cache): navigation to the first KPI shown;
 * - a purchase sent over HTTP to a running instance until it shows in the Overview live chart.
 */
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/core/config.js';
import { silentLogger } from '../src/core/logger.js';
import { systemClock } from '../src/core/clock.js';
import { openRuntime } from '../src/cli/runtime.js';
import { closeServer, createApps, listen } from '../src/cli/server.js';
import { launchChromium } from '../tests/browser/chromium.js';
import { percentile } from './lib/load.js';
import { measureLivePurchases } from './lib/live-purchase.js';

const { values: a, positionals } = parseArgs({
  options: { requests: { type: 'string', default: '40' } },
  allowPositionals: true,
});
const file = resolve(
  positionals[0] ?? join('scratch', 'bench-models', 'warehouse-10000000.duckdb'),
);
const requests = Number(a.requests);

// An instance whose data folder holds the big warehouse (linked), processor not started.
const dir = await mkdtemp(join(tmpdir(), 'storepulse-dash-'));
await symlink(file, join(dir, 'warehouse.duckdb'));
const config = loadConfig(
  {},
  { dataDir: dir, 'collector.writeKeys': 'bench', 'models.intervalSeconds': 0 },
);
const rt = await openRuntime(config, silentLogger, systemClock);
const apps = createApps(rt, config, systemClock, silentLogger);
const { server, url } = await listen(apps.main, '127.0.0.1', 0);
const [counts] = await rt.warehouse.query(
  'select (select count(*) from silver_events)::bigint as events, (select count(*) from silver_orders)::bigint as orders',
);
const meta = (await (await fetch(`${url}/api/v1/meta`)).json()) as {
  lastDay: string;
  firstDay: string;
};
console.log(`warehouse ${file}: ${JSON.stringify(counts)}; days ${meta.firstDay}..${meta.lastDay}`);

const to = meta.lastDay;
const days = (n: number) =>
  new Date(Date.parse(to) - (n - 1) * 86_400_000).toISOString().slice(0, 10);
const CASES = [
  `/meta`,
  `/overview?from=${days(7)}&to=${to}`,
  `/overview?from=${days(30)}&to=${to}`,
  `/live?minutes=15`,
  `/funnel?from=${days(7)}&to=${to}`,
  `/funnel?from=${days(30)}&to=${to}&level=session&breakdown=device`,
  `/funnel?from=${days(30)}&to=${to}&window=1&breakdown=traffic_source`,
  `/products?from=${days(7)}&to=${to}`,
  `/products?from=${days(30)}&to=${to}&sort=views&q=steel`,
  `/customers`,
  `/customers?cohort=week&basis=first_visit`,
  `/quality?from=${days(7)}&to=${to}`,
  `/pipeline`,
];
console.log('| request | p50 ms | p95 ms | max ms | bytes |\n|---|---:|---:|---:|---:|');
for (const path of CASES) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < requests + 3; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v1${path}`);
    const body = await res.text();
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${body}`);
    if (i >= 3) times.push(performance.now() - t0);
    bytes = body.length;
  }
  const f = (p: number) => percentile(times, p).toFixed(0);
  console.log(`| ${path} | ${f(50)} | ${f(95)} | ${Math.max(...times).toFixed(0)} | ${bytes} |`);
}

// Cold first load: a new browser (empty cache) per run; until the first KPI shows.
const browser = await launchChromium();
const loads: number[] = [];
for (let i = 0; i < 5; i++) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const t0 = performance.now();
  await page.goto(`${url}/overview?from=${days(7)}&to=${to}`, { waitUntil: 'load' });
  await page.waitForSelector('[data-testid="kpi-orders-value"]');
  loads.push(performance.now() - t0);
  await context.close();
}
await browser.close();
console.log(
  `first page load to KPIs shown (cold context, 5 runs): ${loads.map((x) => x.toFixed(0)).join(', ')} ms`,
);

apps.close();
await closeServer(server);
await rt.close();
await rm(dir, { recursive: true, force: true });

const live = await measureLivePurchases(20);
console.log(
  `purchase ack -> shown in the Overview live chart (20 purchases, demo traffic 50 ev/s): p50 ${live.p50} ms, max ${live.max} ms`,
);
