import { afterAll, expect, it } from 'vitest';
import { basic } from '../helpers.js';
import { PgSession } from '../../src/adapters/postgres/session.js';
import { collectorAndProcessor, scaleSpace, stored, until, WRITE_KEY } from './harness.js';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

const viewed = (id: string, name = 'Blue mug') => ({
  type: 'track',
  event: 'Product Viewed',
  messageId: id,
  anonymousId: `anon-${id}`,
  properties: { product_id: 'sku-1', name, price: 12.5, currency: 'USD' },
});

it(
  'a poison event (one PostgreSQL always refuses) goes to quarantine after bounded retries; the stream goes on',
  { timeout: 60_000 },
  async () => {
    const space = await scaleSpace();
    cleanup.push(() => space.drop());
    const config = space.config();
    const { url, role } = await collectorAndProcessor(config, cleanup);

    // U+0000 passes validation (JSON allows it escaped) and DuckDB stores it, but PostgreSQL
    // text cannot hold it: the commit of any batch holding it fails, every time.
    const batch = Array.from({ length: 60 }, (_, i) =>
      i === 37 ? viewed('poison', 'Blue\u0000mug') : viewed(`good-${i}`),
    );
    const post = async (events: object[]) => {
      const res = await fetch(`${url}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: basic(WRITE_KEY) },
        body: JSON.stringify({ batch: events }),
      });
      expect(res.status).toBe(200);
    };
    await post(batch);
    await post([viewed('after-1'), viewed('after-2')]);

    const warehouse = space.flags['warehouse.url'];
    await until(async () => (await stored(warehouse)).rows === 61, 30_000, 'the good events');
    const s = await stored(warehouse);
    expect(s.messageIds.has('poison')).toBe(false);
    expect(s.messageIds.has('after-2')).toBe(true);
    expect(s.quarantine).toEqual({ storage_error: 1 });
    const pg = await PgSession.connect(warehouse);
    const [row] = await pg.queryRows('select message_id, detail, raw from quarantine');
    await pg.close();
    expect(row!.message_id).toBe('poison');
    expect(row!.detail).toMatch(/refused this event 3 times: .*0x00 \(SQLSTATE 22021\)/);
    // The raw payload is kept, as the client sent it (the escape, not the character).
    expect(row!.raw).toContain('Blue\\u0000mug');
    expect(role.processor.stats().stored).toBe(61);
  },
);
