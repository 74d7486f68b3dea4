import { existsSync } from 'node:fs';
import { fromSqlTimestamp } from '../src/core/time.js';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { DuckDbWarehouse } from '../src/adapters/duckdb/warehouse.js';
import { systemClock } from '../src/core/clock.js';
import { loadConfig } from '../src/core/config.js';
import { silentLogger } from '../src/core/logger.js';
import { createMonitor } from '../src/monitor/service.js';
import { sqlMonitorSource, type PipelinePosition } from '../src/monitor/source.js';
import { alertStore } from '../src/monitor/store.js';
import type { CheckContext } from '../src/monitor/checks/common.js';
import { freshnessChecks } from '../src/monitor/checks/freshness.js';
import { volumeChecks } from '../src/monitor/checks/volume.js';
import { qualityCheck } from '../src/monitor/checks/quality.js';
import { modelChecks } from '../src/monitor/checks/models.js';
import { engineChecks } from '../src/monitor/checks/engine.js';

/**
 * What the scheduled checks cost on a large warehouse: the one `npm run bench:models`
 * leaves in scratch/ (models built, tests run). Times each group of checks and whole runs
 * (alerts stored, no webhooks), with the default settings, against the 15 s interval.
 * Usage: node dist/bench/monitor.js [events]
 */
const [events = 10_000_000, runs = 10] = process.argv.slice(2).map(Number);
const file = join('scratch', 'bench-models', `warehouse-${events}.duckdb`);
if (!existsSync(file)) {
  console.error(`${file} is missing: run \`npm run bench:models -- ${events}\` first`);
  process.exit(1);
}
const warehouse = await DuckDbWarehouse.open(file, systemClock);
await warehouse.migrate();
const settings = loadConfig({}, { 'collector.writeKeys': 'bench' }).monitor;
const position = async (): Promise<PipelinePosition> => {
  const s = await warehouse.status();
  const newest = s.newestReceivedAt ? fromSqlTimestamp(s.newestReceivedAt) : null;
  return { bronzeNewestAt: newest, silverNewestAt: newest, lagEvents: 0, lagSeconds: 0 };
};
const session = await warehouse.openSession();
const source = sqlMonitorSource({
  session,
  position,
  dataDir: 'scratch',
  databaseFile: file,
  now: () => Date.now(),
});
const [counts] = await warehouse.query(
  `select (select count(*) from silver_events) as events, (select count(*) from quarantine) as quarantined,
     (select count(*) from live_counters) as counter_rows, (select count(*) from ops_test_results) as test_rows`,
);
console.log(
  `warehouse: ${JSON.stringify(counts)}; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}`,
);

const time = async (f: () => Promise<unknown>) => {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
};
const ctx = (): CheckContext => ({ source, settings, now: Date.now() });
const groups: [string, () => Promise<unknown>][] = [
  ['position (warehouse status)', () => position()],
  ['freshness + lag + marts', async () => freshnessChecks(ctx(), await position())],
  ['volume (events, orders, revenue)', async () => volumeChecks(ctx(), await position())],
  ['quality', () => qualityCheck(ctx())],
  ['models (build, tests)', () => modelChecks(ctx())],
  ['engine (ping, disk)', () => engineChecks(ctx())],
];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [name, run] of groups) {
  await run(); // warm
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push(await time(run));
  console.log(
    `${name.padEnd(34)} median ${median(ms).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms`,
  );
}
const monitor = createMonitor({
  source,
  store: alertStore(session),
  settings,
  clock: systemClock,
  logger: silentLogger,
});
await monitor.run();
const whole: number[] = [];
for (let i = 0; i < runs; i++) whole.push(await time(() => monitor.run()));
const m = median(whole);
console.log(
  `whole monitor run: median ${m.toFixed(1)} ms, max ${Math.max(...whole).toFixed(1)} ms ` +
    `= ${((m / (settings.intervalSeconds * 1000)) * 100).toFixed(2)}% of one core at one run per ${settings.intervalSeconds} s`,
);
const last = monitor.last()!;
console.log(`health ${last.status}: ${last.reasons.join(' | ') || 'no reasons'}`);
await session.close();
await warehouse.close();
