/**
 * npm run bench:crash -- [--kills 5]
 * kill -9 a loaded `storepulse start` repeatedly; then count acknowledged vs stored.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { loadAndKill, settleAndCount } from './lib/crash-rounds.js';

const { values: a } = parseArgs({ options: { kills: { type: 'string', default: '5' } } });
const dir = join(tmpdir(), `storepulse-crash-${process.pid}`);
const acked: string[] = [];
for (let round = 0; round < Number(a.kills); round++) {
  const killAfterMs = 1000 + Math.random() * 3000;
  const load = await loadAndKill(dir, {
    killAfterMs,
    connections: 8,
    batchSize: 500,
    durationMs: 6000,
    idPrefix: `r${round}`,
  });
  for (const id of load.ackedIds) acked.push(id);
  console.log(
    `round ${round + 1}: killed after ${Math.round(killAfterMs)} ms; acknowledged ${load.acknowledged}, not acknowledged (in flight at the kill, or refused after it) ${load.failed}`,
  );
}
const silver = await settleAndCount(dir);
await rm(dir, { recursive: true, force: true });
const missing = acked.filter((id) => !silver.messageIds.has(id)).length;
const summary = {
  kills: Number(a.kills),
  acknowledged: acked.length,
  storedRows: silver.rows,
  acknowledgedMissing: missing,
  duplicateRows: silver.rows - silver.distinct,
};
console.log(JSON.stringify(summary, null, 2));
if (missing > 0) process.exitCode = 1;
