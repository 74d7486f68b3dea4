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

it('finds duplicates older than the in-memory recent keys through the primary keys (staged path)', async () => {
  const dir = await tempDir();
  const wh = await DuckDbWarehouse.open(join(dir, 'w.duckdb'), systemClock, {
    recentMessages: 2,
    recentOrders: 1,
  });
  await wh.migrate();
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
