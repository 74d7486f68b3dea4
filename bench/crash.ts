/**
 * npm run bench:crash -- [--kills 5]
 * kill -9 a loaded `storepulse start` repeatedly; then count acknowledged vs stored.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { getJson, startChild, stopChild } from './lib/child.js';
import { runLoad } from './lib/load.js';
import { DuckDbWarehouse } from '../src/adapters/duckdb/warehouse.js';
import { systemClock } from '../src/core/clock.js';
import type { StatusReport } from '../src/serve/status.js';

const { values: a } = parseArgs({ options: { kills: { type: 'string', default: '5' } } });
const dir = join(tmpdir(), `storepulse-crash-${process.pid}`);
const acked: string[] = [];
for (let round = 0; round < Number(a.kills); round++) {
  const child = await startChild(dir);
  const killAfter = 1000 + Math.random() * 3000;
  const killer = setTimeout(() => child.proc.kill('SIGKILL'), killAfter);
  const load = await runLoad({
    url: child.url,
    writeKey: 'bench',
    connections: 8,
    batchSize: 500,
    rate: 0,
    durationMs: 6000,
    idPrefix: `r${round}`,
    keepIds: true,
  });
  clearTimeout(killer);
  await stopChild(child, 'SIGKILL');
  for (const id of load.ackedIds) acked.push(id);
  console.log(
    `round ${round + 1}: killed after ${Math.round(killAfter)} ms; acknowledged ${load.acknowledged}, not acknowledged (in flight at the kill, or refused after it) ${load.failed}`,
  );
}
const child = await startChild(dir);
while ((await getJson<StatusReport>(`${child.url}/admin/v1/status`)).lag.events > 0) {
  await new Promise((r) => setTimeout(r, 200));
}
await stopChild(child, 'SIGTERM');
const wh = await DuckDbWarehouse.open(join(dir, 'warehouse.duckdb'), systemClock);
const stored = new Set(
  (await wh.query('select message_id from silver_events')).map((r) => String(r.message_id)),
);
const [dups] = await wh.query(
  'select count(*) - count(distinct message_id) as d from silver_events',
);
await wh.close();
await rm(dir, { recursive: true, force: true });
const missing = acked.filter((id) => !stored.has(id)).length;
console.log(
  JSON.stringify(
    {
      kills: Number(a.kills),
      acknowledged: acked.length,
      storedRows: stored.size,
      acknowledgedMissing: missing,
      duplicateRows: Number(dups?.d ?? 0),
    },
    null,
    2,
  ),
);
if (missing > 0) process.exitCode = 1;
