import { expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { loadAndKill, settleAndCount } from '../bench/lib/crash-rounds.js';
import { tempDir } from './helpers.js';

it(
  'loses and duplicates no acknowledged event when the process is killed with -9 under load',
  { timeout: 120_000 },
  async () => {
    const dir = await tempDir();
    const acked: string[] = [];
    for (let round = 0; round < 3; round++) {
      const load = await loadAndKill(dir, {
        killAfterMs: 600 + round * 250,
        connections: 4,
        batchSize: 200,
        durationMs: 3000,
        idPrefix: `crash${round}`,
      });
      expect(load.acknowledged).toBeGreaterThan(0);
      expect(load.failed).toBeGreaterThan(0); // the kill landed during the load
      for (const id of load.ackedIds) acked.push(id);
    }
    const silver = await settleAndCount(dir);
    expect(silver.output).toMatch(/stopped cleanly/);
    expect(acked.filter((id) => !silver.messageIds.has(id))).toEqual([]);
    expect(silver.rows).toBe(silver.distinct);
    expect(silver.rows).toBeGreaterThanOrEqual(acked.length);
    expect(silver.quarantined).toBe(0);
    await rm(dir, { recursive: true, force: true });
  },
);
