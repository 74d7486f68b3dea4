import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { DuckDbWarehouse } from '../src/adapters/duckdb/warehouse.js';
import { systemClock } from '../src/core/clock.js';
import { MODELS_DIR } from '../src/core/paths.js';
import { createGenerator } from '../src/generate/index.js';
import { DEFAULT_SETTINGS } from '../src/model/context.js';
import { createModelService } from '../src/model/service.js';
import type { RunSummary } from '../src/model/runner.js';
import { fillWarehouse } from './lib/fill.js';
import { replicate } from './lib/replicate.js';

/**
 * Model build cost: a warehouse of N events over D days (kept in scratch/ for reuse), a full
 * build of every model, the data tests, then incremental refreshes after `new` more events
 * each. Up to 1 M events are generated through the pipeline; beyond that the generated shop
 * is copied with other shoppers (same days, more traffic), which takes seconds, not hours.
 * Usage: node dist/bench/models.js [events] [days] [new]
 */
const GENERATED_MAX = 1_000_000;
const [events = 1_000_000, days = 30, fresh = 10_000] = process.argv.slice(2).map(Number);
const dir = join('scratch', 'bench-models');
const file = join(dir, `warehouse-${events}.duckdb`);
const DAY = 86_400_000;

await mkdir(dir, { recursive: true });
const reuse = existsSync(file);
const warehouse = await DuckDbWarehouse.open(file, systemClock);
await warehouse.migrate();
const start = Date.now() - days * DAY;
const generator = createGenerator({
  seed: 7,
  simulateFrom: start,
  eventsPerSecond: Math.min(events, GENERATED_MAX) / (days * 86_400),
});
let seq = Number(
  (await warehouse.query('select coalesce(max(seq), 0) as s from checkpoints'))[0]?.s,
);
if (!reuse) {
  const t0 = performance.now();
  seq = await fillWarehouse(warehouse, generator, {
    count: Math.min(events, GENERATED_MAX),
    firstSeq: seq,
    onBatch: (done) => {
      if (done % 500_000 === 0) console.error(`filled ${done} events`);
    },
  });
  console.log(`fill: ${seq} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
// Beyond what was generated, copies of it (a warehouse copied from a smaller run works too).
if (events > seq * 1.05) {
  const t1 = performance.now();
  seq = await replicate(warehouse, Math.ceil(events / seq) - 1, seq);
  console.log(`copied to ${seq} events: ${((performance.now() - t1) / 1000).toFixed(1)} s`);
}
const counts = await warehouse.query(
  'select (select count(*) from silver_events) as events, (select count(*) from silver_orders) as orders, (select count(*) from quarantine) as quarantined',
);
console.log(`warehouse: ${JSON.stringify(counts[0])}, ${cpus().length} cores`);

const models = createModelService({
  session: await warehouse.openSession(),
  modelsDir: MODELS_DIR,
  settings: DEFAULT_SETTINGS,
  clock: systemClock,
});
const full = await models.run({ fullRefresh: true, trigger: 'bench' });
report('full build', full);
const t0 = performance.now();
const tests = await models.test({ trigger: 'bench' });
const bad = tests.results.filter((r) => r.status !== 'pass').map((r) => `${r.name}:${r.status}`);
console.log(
  `tests: ${tests.results.length} in ${Math.round(performance.now() - t0)} ms, ${tests.status} ${bad.join(' ')}`,
);

// New events are live traffic: a new seed (new messageIds) timestamped now.
const live = createGenerator({ seed: Date.now() % 2 ** 31, eventsPerSecond: fresh });
const refreshes: RunSummary[] = [];
for (let i = 0; i < 3; i++) {
  seq = await fillWarehouse(warehouse, live, { count: fresh, firstSeq: seq });
  refreshes.push(await models.run({ trigger: 'bench' }));
}
refreshes.forEach((r, i) => report(`incremental refresh ${i + 1} after ${fresh} new events`, r));
const sorted = refreshes.map((r) => r.durationMs).sort((a, b) => a - b);
console.log(`incremental median: ${Math.round(sorted[1]!)} ms`);
await models.close();
await warehouse.close();

function report(title: string, run: RunSummary): void {
  console.log(`\n${title}: ${run.status} in ${Math.round(run.durationMs)} ms`);
  for (const m of [...run.models].sort((a, b) => b.durationMs - a.durationMs)) {
    const err = m.error ? ` ERROR ${m.error.slice(0, 120)}` : '';
    console.log(
      `  ${m.model.padEnd(28)} ${m.mode.padEnd(12)} ${String(Math.round(m.durationMs)).padStart(6)} ms${err}`,
    );
  }
}
