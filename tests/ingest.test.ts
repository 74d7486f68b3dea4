import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { startInstance } from './helpers.js';

type Instance = Awaited<ReturnType<typeof startInstance>>;
let sp: Instance;
beforeAll(async () => {
  sp = await startInstance({
    flags: { 'collector.maxBatchEvents': 50, 'collector.maxBodyBytes': 200_000 },
  });
});
afterAll(() => sp.close());

const now = () => new Date().toISOString();
const view = (id: string, extra: Record<string, unknown> = {}) => ({
  type: 'track',
  event: 'Product Viewed',
  messageId: id,
  anonymousId: 'anon-1',
  timestamp: now(),
  context: {
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  },
  properties: { product_id: 'sku-1', price: 12.5 },
  ...extra,
});

async function settle(): Promise<void> {
  await sp.rt.processor.drain();
}

describe('collector to silver over a real HTTP server and DuckDB file', () => {
  it('stores a good batch in silver with decimal money, UTC times and enrichment', async () => {
    const ts = '2026-11-21T10:15:00.250+02:00';
    const res = await sp.post('/v1/batch', {
      sentAt: ts,
      batch: [
        view('good-1', { timestamp: ts }),
        {
          type: 'track',
          event: 'order_completed',
          messageId: 'good-2',
          userId: 'cust-9',
          timestamp: ts,
          properties: {
            order_id: 'ord-77',
            currency: 'usd',
            products: [
              { product_id: 'sku-1', price: 0.1, quantity: 3 },
              { product_id: 'sku-2', price: 0.2 },
            ],
          },
        },
        {
          type: 'identify',
          messageId: 'good-3',
          userId: 'cust-9',
          traits: { email: 'a@b.c', country: 'DE' },
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ success: true, stored: 3, quarantined: 0 });
    await settle();
    const [order] = await sp.query(
      `select revenue, currency, units, user_key from silver_orders where order_id = 'ord-77'`,
    );
    expect(order).toEqual({ revenue: '0.5000', currency: 'USD', units: 4, user_key: 'cust-9' });
    const [ev] = await sp.query(
      `select event_at::varchar as t, browser, os, device_type, write_key_id from silver_events where message_id = 'good-1'`,
    );
    // Skew correction is relative to receive time here, so check the zone was honoured via order time below.
    expect(ev).toMatchObject({
      browser: 'Chrome',
      os: 'Windows',
      device_type: 'desktop',
      write_key_id: 'shop1',
    });
    const [traits] = await sp.query(
      `select email, country from silver_customer_traits where message_id = 'good-3'`,
    );
    expect(traits).toEqual({ email: 'a@b.c', country: 'DE' });
  });

  it('converts an explicit offset to UTC', async () => {
    await sp.post('/v1/track', view('utc-1', { timestamp: '2026-11-21T10:15:00.250+02:00' }));
    await settle();
    const [ev] = await sp.query(
      `select strftime(event_at, '%Y-%m-%d %H:%M:%S.%g') as t from silver_events where message_id = 'utc-1'`,
    );
    expect(ev?.t).toBe('2026-11-21 08:15:00.250');
  });

  it('sends every anomaly to quarantine with its reason and raw payload', async () => {
    const res = await sp.post('/v1/batch', {
      batch: [
        view('bad-1', { anonymousId: undefined }),
        view('bad-2', { event: 'Wishlist Shared' }),
        view('bad-3', { properties: { product_id: 'p', price: -5 } }),
        view('bad-4', { timestamp: '2099-01-01T00:00:00Z' }),
        view('bad-5', { timestamp: 'yesterday' }),
        view('bad-6', { properties: { product_id: 'p', blob: 'x'.repeat(40_000) } }),
      ],
    });
    expect(res.json).toMatchObject({ stored: 5, quarantined: 1 });
    const bad = await sp.post('/v1/track', '{"type":"track", "event": ', {});
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: 'malformed_json' } });
    await settle();
    const rows = await sp.query(
      `select message_id, reason, length(raw) > 0 as has_raw from quarantine where message_id like 'bad-%' or reason = 'malformed_json' order by seq`,
    );
    expect(rows.map((r) => [r.message_id, r.reason])).toEqual([
      ['bad-1', 'missing_identity'],
      ['bad-2', 'unknown_event'],
      ['bad-3', 'negative_price'],
      ['bad-4', 'future_timestamp'],
      ['bad-5', 'bad_timestamp'],
      ['bad-6', 'oversized'],
      [expect.any(String), 'malformed_json'],
    ]);
    expect(rows.every((r) => r.has_raw === true)).toBe(true);
    const [malformed] = await sp.query(
      `select raw, detail from quarantine where reason = 'malformed_json'`,
    );
    expect(malformed?.raw).toBe('{"type":"track", "event": ');
    expect(malformed?.detail).toMatch(/^the body is not valid JSON: /);
  });

  it('stores a duplicate messageId once, within a batch and across batches and restarts', async () => {
    await sp.post('/v1/batch', { batch: [view('dup-1'), view('dup-1')] });
    await settle();
    await sp.post('/v1/batch', { batch: [view('dup-1')] });
    await settle();
    const [n] = await sp.query(
      `select count(*)::int as n from silver_events where message_id = 'dup-1'`,
    );
    expect(n?.n).toBe(1);
    const [q] = await sp.query(
      `select count(*)::int as n from quarantine where message_id = 'dup-1' and reason = 'duplicate'`,
    );
    expect(q?.n).toBe(2);
  });

  it('stores an order_id once even under different messageIds', async () => {
    const o = (id: string) => ({
      type: 'track',
      event: 'Order Completed',
      messageId: id,
      userId: 'u',
      properties: { order_id: 'ord-dup', products: [{ product_id: 'a', price: 1 }] },
    });
    await sp.post('/v1/batch', { batch: [o('od-1')] });
    await settle();
    await sp.post('/v1/batch', { batch: [o('od-2')] });
    await settle();
    expect(
      await sp.query(`select message_id from silver_orders where order_id = 'ord-dup'`),
    ).toEqual([{ message_id: 'od-1' }]);
    expect(
      await sp.query(`select count(*)::int as n from silver_events where message_id = 'od-2'`),
    ).toEqual([{ n: 0 }]);
    expect(await sp.query(`select reason from quarantine where message_id = 'od-2'`)).toEqual([
      { reason: 'duplicate_order' },
    ]);
  });

  it('accepts gzip bodies and the write key in an X-Write-Key header', async () => {
    const body = gzipSync(JSON.stringify({ batch: [view('gz-1')] }));
    const res = await sp.post('/v1/batch', body, {
      'content-encoding': 'gzip',
      authorization: '',
      'x-write-key': 'other-key',
    });
    expect(res.json).toMatchObject({ stored: 1 });
    await settle();
    expect(
      await sp.query(`select write_key_id from silver_events where message_id = 'gz-1'`),
    ).toEqual([{ write_key_id: 'shop2' }]);
  });

  it('answers errors with a status and one JSON shape', async () => {
    const noKey = await sp.post('/v1/batch', { batch: [] }, { authorization: '' });
    expect([noKey.status, noKey.json]).toEqual([
      401,
      { error: { code: 'missing_write_key', message: expect.any(String) } },
    ]);
    const wrongKey = await sp.post(
      '/v1/batch',
      { batch: [] },
      { authorization: `Basic ${Buffer.from('nope:').toString('base64')}` },
    );
    expect([wrongKey.status, (wrongKey.json.error as { code: string }).code]).toEqual([
      401,
      'invalid_write_key',
    ]);
    const tooMany = await sp.post('/v1/batch', {
      batch: Array.from({ length: 51 }, (_, i) => view(`many-${i}`)),
    });
    expect([tooMany.status, (tooMany.json.error as { code: string }).code]).toEqual([
      413,
      'batch_too_large',
    ]);
    const tooBig = await sp.post('/v1/batch', {
      batch: [view('big', { properties: { product_id: 'p', s: 'y'.repeat(210_000) } })],
    });
    expect([tooBig.status, (tooBig.json.error as { code: string }).code]).toEqual([
      413,
      'payload_too_large',
    ]);
    const bomb = gzipSync(Buffer.alloc(5_000_000, 32));
    const gzBomb = await sp.post('/v1/batch', bomb, { 'content-encoding': 'gzip' });
    expect([gzBomb.status, (gzBomb.json.error as { code: string }).code]).toEqual([
      413,
      'payload_too_large',
    ]);
    const notBatch = await sp.post('/v1/batch', { events: [] });
    expect([notBatch.status, (notBatch.json.error as { code: string }).code]).toEqual([
      400,
      'invalid_body',
    ]);
  });
});
