import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/core/paths.js';
import type { DuckDbWarehouse } from '../../src/adapters/duckdb/warehouse.js';

const STATEMENTS = readFileSync(join(PROJECT_ROOT, 'bench', 'sql', 'replicate.sql'), 'utf8')
  .split(/;\s*$/m)
  .map((s) => s.trim())
  .filter((s) => s.length > 0);

/** Adds `copies` copies of silver up to `lastSeq`; returns the new last seq (checkpointed). */
export async function replicate(
  wh: DuckDbWarehouse,
  copies: number,
  lastSeq: number,
): Promise<number> {
  const session = await wh.openSession();
  try {
    for (let k = 1; k <= copies; k++) {
      await session.transaction(async () => {
        for (const sql of STATEMENTS) await session.exec(sql, [k, lastSeq]);
      });
    }
    const seq = (copies + 1) * lastSeq;
    await session.exec("update checkpoints set seq = $1 where consumer = 'silver'", [seq]);
    return seq;
  } finally {
    await session.close();
  }
}
