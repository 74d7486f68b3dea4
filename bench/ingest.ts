/**
 * npm run bench -- [--duration 60] [--connections 8] [--batch 500] [--rate 0]
 * Sustained HTTP ingest into a child `storepulse start`, to silver, with a loss check.
 * --rate 10000 measures freshness at a steady rate instead of peak throughput.
 */
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getJson, procUsage, startChild, stopChild } from './lib/child.js';
import { percentile, runLoad } from './lib/load.js';
import { jsonParseBaseline } from './lib/baseline.js';
import type { StatusReport } from '../src/serve/status.js';
import { DuckDbWarehouse } from '../src/adapters/duckdb/warehouse.js';
import { systemClock } from '../src/core/clock.js';

const { values: a } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '8' },
    batch: { type: 'string', default: '500' },
    rate: { type: 'string', default: '0' },
  },
});
const durationMs = Number(a.duration) * 1000;
const dir = join(tmpdir(), `storepulse-bench-${process.pid}`);
const baseline = jsonParseBaseline(2000);
const child = await startChild(dir);
const status = () => getJson<StatusReport>(`${child.url}/admin/v1/status`);

let worstP99 = 0;
const sampler = setInterval(() => {
  void status().then((s) => (worstP99 = Math.max(worstP99, s.processor?.visibleMs.p99 ?? 0)));
}, 5000);
const cpu0 = procUsage(child.proc.pid!).cpuSeconds;
const loadCpu0 = process.cpuUsage();
const t0 = performance.now();
const load = await runLoad({
  url: child.url,
  writeKey: 'bench',
  connections: Number(a.connections),
  batchSize: Number(a.batch),
  rate: Number(a.rate),
  durationMs,
  idPrefix: 'bench',
});
const loadEnd = performance.now();
let s = await status();
while (s.lag.events > 0) {
  await new Promise((r) => setTimeout(r, 100));
  s = await status();
}
const doneAt = performance.now();
clearInterval(sampler);
worstP99 = Math.max(worstP99, s.processor?.visibleMs.p99 ?? 0);
const usage = procUsage(child.proc.pid!);
const loadCpu = process.cpuUsage(loadCpu0);
await stopChild(child, 'SIGTERM');
// The loss check reads the DuckDB file itself once the server has stopped.
const wh = await DuckDbWarehouse.open(join(dir, 'warehouse.duckdb'), systemClock);
const [row] = await wh.query('select count(*)::bigint as n from silver_events');
await wh.close();
const stored = Number(row?.n);
const lost = load.acknowledged - stored;
// Keep the evidence when something is wrong.
if (lost === 0) await rm(dir, { recursive: true, force: true });
else
  console.error(
    `LOST ${lost}: data kept in ${dir}; quarantine: ${JSON.stringify(s.warehouse.quarantineByReason)}`,
  );

const secs = (loadEnd - t0) / 1000;
const result = {
  durationS: +secs.toFixed(1),
  connections: Number(a.connections),
  batch: Number(a.batch),
  targetRate: Number(a.rate) || 'max',
  acknowledged: load.acknowledged,
  failed: load.failed,
  stored,
  lost,
  acceptedPerS: Math.round(load.acknowledged / secs),
  processedPerS: Math.round(stored / ((doneAt - t0) / 1000)),
  catchUpS: +((doneAt - loadEnd) / 1000).toFixed(2),
  ackP50Ms: +percentile(load.latenciesMs, 50).toFixed(1),
  ackP99Ms: +percentile(load.latenciesMs, 99).toFixed(1),
  visibleP99Ms: Math.round(worstP99),
  serverCpuCores: +((usage.cpuSeconds - cpu0) / ((doneAt - t0) / 1000)).toFixed(2),
  loadCpuCores: +((loadCpu.user + loadCpu.system) / 1e6 / secs).toFixed(2),
  serverPeakRssMiB: Math.round(usage.peakRssMiB),
  baselineJsonParsePerS: baseline,
  ratioToBaseline: +(load.acknowledged / secs / baseline).toFixed(3),
};
console.log(JSON.stringify(result, null, 2));
if (result.lost !== 0) process.exitCode = 1;
