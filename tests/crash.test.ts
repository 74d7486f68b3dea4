import { expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startChild, stopChild, getJson } from '../bench/lib/child.js';
import { runLoad } from '../bench/lib/load.js';
import { DuckDbWarehouse } from '../src/adapters/duckdb/warehouse.js';
import { systemClock } from '../src/core/clock.js';
import type { StatusReport } from '../src/serve/status.js';
import { tempDir } from './helpers.js';

it(
  'loses and duplicates no acknowledged event when the process is killed with -9 under load',
  { timeout: 120_000 },
  async () => {
    const dir = await tempDir();
    const acked: string[] = [];
    for (let round = 0; round < 3; round++) {
      const child = await startChild(dir);
      const killer = setTimeout(() => child.proc.kill('SIGKILL'), 600 + round * 250);
      const load = await runLoad({
        url: child.url,
        writeKey: 'bench',
        connections: 4,
        batchSize: 200,
        rate: 0,
        durationMs: 3000,
        idPrefix: `crash${round}`,
        keepIds: true,
      });
      clearTimeout(killer);
      await stopChild(child, 'SIGKILL');
      expect(load.acknowledged).toBeGreaterThan(0);
      expect(load.failed).toBeGreaterThan(0); // the kill landed during the load
      for (const id of load.ackedIds) acked.push(id);
    }
    // Restart, let it catch up, stop cleanly.
    const child = await startChild(dir);
    for (let i = 0; i < 100; i++) {
      const s = await getJson<StatusReport>(`${child.url}/admin/v1/status`);
      if (s.lag.events === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await stopChild(child, 'SIGTERM');
    expect(child.output()).toMatch(/stopped cleanly/);

    const wh = await DuckDbWarehouse.open(join(dir, 'warehouse.duckdb'), systemClock);
    await wh.migrate();
    const [totals] = await wh.query(
      `select count(*)::int as n, count(distinct message_id)::int as distinct_ids, max(seq)::int as max_seq,
            (select count(*)::int from quarantine) as quarantined from silver_events`,
    );
    const stored = new Set(
      (await wh.query(`select message_id from silver_events`)).map((r) => String(r.message_id)),
    );
    await wh.close();
    const missing = acked.filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
    expect(totals!.n).toBe(totals!.distinct_ids);
    expect(totals!.n).toBeGreaterThanOrEqual(acked.length);
    expect(totals!.quarantined).toBe(0);
    await rm(dir, { recursive: true, force: true });
  },
);
