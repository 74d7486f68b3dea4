import { expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDbWarehouse } from '../src/adapters/duckdb/warehouse.js';
import { logRecord, testPipeline } from './records.js';
import { buildBatch } from '../src/process/batch.js';
import { systemClock } from '../src/core/clock.js';
import type { LogRecord } from '../src/core/ports.js';
import { tempDir } from './helpers.js';

const pipeline = testPipeline;
let seq = 0;
const record = (messageId: string, orderId?: string): LogRecord =>
  logRecord(
    ++seq,
    orderId
      ? {
          type: 'track',
          event: 'Order Completed',
          messageId,
          userId: 'u',
          properties: { order_id: orderId, products: [{ product_id: 'p', price: 2 }] },
        }
      : { type: 'page', messageId, userId: 'u' },
  );
const commit = (wh: DuckDbWarehouse, records: LogRecord[]) =>
  wh.commit(
    buildBatch(records, pipeline, Date.now(), { consumer: 'silver', toSeq: records.at(-1)!.seq }),
  );

/** A warehouse whose recent-keys sets remember only the last few keys. */
async function smallMemoryWarehouse(recentMessages: number, recentOrders: number) {
  const dir = await tempDir();
  const wh = await DuckDbWarehouse.open(join(dir, 'w.duckdb'), systemClock, {
    recentMessages,
    recentOrders,
  });
  await wh.migrate();
  return { wh, dir };
}

it('finds duplicates older than the in-memory recent keys through the primary keys (staged path)', async () => {
  const { wh, dir } = await smallMemoryWarehouse(2, 1);
  expect(await commit(wh, [record('a'), record('b', 'o-1')])).toMatchObject({
    stored: 2,
    duplicates: 0,
  });
  await commit(wh, [record('c'), record('d'), record('e', 'o-2')]); // 'a' and 'o-1' leave the recent sets
  const late = await commit(wh, [record('a'), record('f', 'o-1'), record('g')]);
  expect(late).toEqual({ stored: 1, quarantined: 2, duplicates: 1, duplicateOrders: 1 });
  const rows = await wh.query(`select message_id, reason from quarantine order by seq`);
  expect(rows).toEqual([
    { message_id: 'a', reason: 'duplicate' },
    { message_id: 'f', reason: 'duplicate_order' },
  ]);
  expect(
    await wh.query(
      `select count(*)::int as n, count(distinct message_id)::int as d from silver_events`,
    ),
  ).toEqual([{ n: 6, d: 6 }]);
  expect(
    await wh.query(
      `select sum(orders)::int as orders, sum(gross_revenue)::varchar as gross from live_counters where grain = 'minute'`,
    ),
  ).toEqual([{ orders: 2, gross: '4.0000' }]);
  expect(await wh.checkpoint('silver')).toBe(seq);
  await wh.close();
  await rm(dir, { recursive: true });
});

it('stores a large batch whose old duplicates only the primary keys can find', async () => {
  const { wh, dir } = await smallMemoryWarehouse(10, 10);
  const first = Array.from({ length: 10_000 }, (_, i) =>
    i % 10 === 0 ? record(`m${i}`, `o${i}`) : record(`m${i}`),
  );
  expect(await commit(wh, first)).toMatchObject({ stored: 10_000, duplicates: 0 });
  // Every tenth event of the next batch is an old one again (half of those an order).
  const second = Array.from({ length: 10_000 }, (_, i) =>
    i % 10 === 0 ? record(`m${i}`, i % 20 === 0 ? `o${i}` : undefined) : record(`n${i}`),
  );
  const result = await commit(wh, second);
  expect(result).toMatchObject({ stored: 9_000, quarantined: 1_000, duplicates: 1_000 });
  expect(await wh.query(`select count(*)::int as n from silver_events`)).toEqual([{ n: 19_000 }]);
  expect(await wh.checkpoint('silver')).toBe(seq);
  await wh.close();
  await rm(dir, { recursive: true });
});
