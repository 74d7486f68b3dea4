import { afterAll, expect, it } from 'vitest';
import { runLoad } from '../../bench/lib/load.js';
import { startPrivateNats, type PrivateNats } from '../support/servers.js';
import { collectorAndProcessor, scaleSpace, until, untilStored, WRITE_KEY } from './harness.js';
import { basic } from '../helpers.js';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

/** One small batch, answered how? */
async function probe(url: string): Promise<{ status: number; retryAfter: string | null }> {
  const res = await fetch(`${url}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: basic(WRITE_KEY) },
    body: JSON.stringify({
      batch: [{ type: 'track', event: 'Product Viewed', anonymousId: 'probe', properties: {} }],
    }),
  });
  await res.arrayBuffer();
  return { status: res.status, retryAfter: res.headers.get('retry-after') };
}

it(
  'NATS stopped under traffic: collectors answer 503 + Retry-After, acknowledge nothing unstored, and resume',
  { timeout: 120_000 },
  async () => {
    // A NATS server of this test's own: stopping the shared one would break other tests.
    const nats: PrivateNats = await startPrivateNats();
    cleanup.push(() => nats.close());
    const space = await scaleSpace({ natsUrl: nats.url });
    cleanup.push(() => space.drop());
    const config = space.config();
    const { url } = await collectorAndProcessor(config, cleanup);

    const load = runLoad({
      url,
      writeKey: WRITE_KEY,
      connections: 4,
      batchSize: 100,
      rate: 4000,
      durationMs: 9000,
      idPrefix: 'outage',
      keepIds: true,
    });
    await new Promise((r) => setTimeout(r, 1500));
    await nats.stop();
    const down = await probe(url);
    expect(down.status).toBe(503);
    expect(Number(down.retryAfter)).toBeGreaterThan(0);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    await new Promise((r) => setTimeout(r, 2000));
    await nats.start();
    await until(
      async () => (await probe(url)).status === 200,
      20_000,
      'the collector to take events again',
    );

    const result = await load;
    expect(result.failed).toBeGreaterThan(0); // the outage was felt...
    expect(result.acknowledged).toBeGreaterThan(0);
    // ...and everything acknowledged, before and after it, is stored exactly once.
    const silver = await untilStored(space.flags['warehouse.url'], result.ackedIds, 60_000);
    expect(silver.quarantine.duplicate ?? 0).toBe(0);
    const acked = new Set(result.ackedIds);
    expect(acked.size).toBe(result.acknowledged);
    const afterRestart = result.ackedIds.filter((id) => silver.messageIds.has(id));
    expect(afterRestart.length).toBe(result.acknowledged);
  },
);
