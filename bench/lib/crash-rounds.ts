import { join } from 'node:path';
import { getJson, startChild, stopChild } from './child.js';
import { runLoad, type LoadResult } from './load.js';
import { DuckDbWarehouse } from '../../src/adapters/duckdb/warehouse.js';
import { systemClock } from '../../src/core/clock.js';
import type { StatusReport } from '../../src/serve/status.js';

/** One round of the crash check: start on `dir`, load it, kill -9 it `killAfterMs` in. */
export async function loadAndKill(
  dir: string,
  o: {
    killAfterMs: number;
    connections: number;
    batchSize: number;
    durationMs: number;
    idPrefix: string;
  },
): Promise<LoadResult> {
  const child = await startChild(dir);
  const killer = setTimeout(() => child.proc.kill('SIGKILL'), o.killAfterMs);
  const load = await runLoad({ url: child.url, writeKey: 'bench', rate: 0, keepIds: true, ...o });
  clearTimeout(killer);
  await stopChild(child, 'SIGKILL');
  return load;
}

export interface SilverCount {
  messageIds: Set<string>;
  rows: number;
  distinct: number;
  quarantined: number;
  /** What the last, clean run printed. */
  output: string;
}

/** Restarts on `dir`, lets it catch up, stops it cleanly, then reads the DuckDB file itself. */
export async function settleAndCount(dir: string): Promise<SilverCount> {
  const child = await startChild(dir);
  while ((await getJson<StatusReport>(`${child.url}/admin/v1/status`)).lag.events > 0) {
    await new Promise((r) => setTimeout(r, 200));
  }
  await stopChild(child, 'SIGTERM');
  const wh = await DuckDbWarehouse.open(join(dir, 'warehouse.duckdb'), systemClock);
  try {
    const [totals] = await wh.query(
      `select count(*)::int as n, count(distinct message_id)::int as d,
              (select count(*)::int from quarantine) as q from silver_events`,
    );
    const ids = await wh.query('select message_id from silver_events');
    return {
      messageIds: new Set(ids.map((r) => String(r.message_id))),
      rows: Number(totals?.n),
      distinct: Number(totals?.d),
      quarantined: Number(totals?.q),
      output: child.output(),
    };
  } finally {
    await wh.close();
  }
}
