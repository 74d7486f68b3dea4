import { expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { startInstance, tempDir } from './helpers.js';

const event = (id: string, ts: string) => ({
  type: 'track',
  event: 'Product Viewed',
  messageId: id,
  userId: 'u1',
  timestamp: ts,
  properties: { product_id: 'p1', price: '5.00' },
});

it('keeps every log record exactly once in silver or quarantine across restarts, and replays idempotently', async () => {
  const dir = await tempDir();
  const inTwoHours = new Date(Date.now() + 2 * 3_600_000).toISOString();
  // First run: a too-strict setting quarantines events two hours ahead.
  const a = await startInstance({ dir, flags: { 'processor.maxFutureHours': 1 } });
  await a.post('/v1/batch', {
    batch: [
      event('r-1', new Date().toISOString()),
      event('r-2', inTwoHours),
      event('r-3', inTwoHours),
    ],
  });
  await a.post('/v1/track', '{not json');
  await a.rt.processor.drain();
  expect(
    await a.query(
      `select message_id, reason from quarantine where reason = 'future_timestamp' order by seq`,
    ),
  ).toEqual([
    { message_id: 'r-2', reason: 'future_timestamp' },
    { message_id: 'r-3', reason: 'future_timestamp' },
  ]);
  await a.close(false);

  // Second run: the fix (a 24 h limit); the checkpoint and dedup survive the restart.
  const b = await startInstance({ dir, flags: { 'processor.maxFutureHours': 24 } });
  await b.post('/v1/batch', { batch: [event('r-1', new Date().toISOString())] });
  await b.rt.processor.drain();
  const first = await b.rt.admin.replay({ limit: 1000 });
  expect(first).toEqual({
    examined: 3,
    stored: 2,
    duplicates: 0,
    stillQuarantined: { malformed_json: 1 },
  });
  const again = await b.rt.admin.replay({ limit: 1000 });
  expect(again.stored).toBe(0);
  expect(
    await b.query(
      `select count(*)::int as n from silver_events where message_id in ('r-1', 'r-2', 'r-3')`,
    ),
  ).toEqual([{ n: 3 }]);
  expect(
    await b.query(`select resolution, count(*)::int as n from quarantine group by 1 order by 1`),
  ).toEqual([
    { resolution: 'replayed', n: 2 },
    { resolution: null, n: 2 },
  ]);
  expect(
    await b.query(`select replay_count from quarantine where reason = 'malformed_json'`),
  ).toEqual([{ replay_count: 2 }]);
  // The invariant: every log seq is in silver or in unresolved quarantine, never both.
  const lastSeq = b.rt.log.stats().lastSeq;
  const [inv] = await b.query(`
    select (select count(*) from silver_events)::int as silver,
           (select count(*) from quarantine where resolved_at is null)::int as quarantined,
           (select count(*) from silver_events e join quarantine q on q.seq = e.seq and q.resolved_at is null)::int as both`);
  expect(inv).toEqual({ silver: lastSeq - 2, quarantined: 2, both: 0 });
  const dup = await b.rt.admin.replay({ reason: 'duplicate', limit: 10 });
  expect(dup).toEqual({ examined: 1, stored: 0, duplicates: 1, stillQuarantined: {} });
  expect(await b.query(`select resolution from quarantine where reason = 'duplicate'`)).toEqual([
    { resolution: 'duplicate' },
  ]);
  expect(lastSeq).toBe(5);
  await b.close(false);
  await rm(dir, { recursive: true, force: true });
});
