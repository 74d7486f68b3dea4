import { afterAll, expect, it } from 'vitest';
import { runLoad } from '../../bench/lib/load.js';
import { closeServer, listen } from '../../src/cli/server.js';
import { startPrivatePostgres, type PrivatePostgres } from '../support/servers.js';
import { collectorAndProcessor, scaleSpace, until, untilStored, WRITE_KEY } from './harness.js';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

it(
  'PostgreSQL stopped under traffic: processors stop acknowledging, lag grows and is reported, all lands after',
  { timeout: 150_000 },
  async () => {
    // A PostgreSQL server of this test's own: stopping the shared one would break other tests.
    const pg: PrivatePostgres = await startPrivatePostgres();
    cleanup.push(() => pg.close());
    const space = await scaleSpace({ pgServer: pg.url.replace(/\/postgres$/, '') });
    cleanup.push(() => space.drop());
    const config = space.config({ 'processor.maxBackoffMs': 500 });
    const { url, role } = await collectorAndProcessor(config, cleanup);
    const { server: probes, url: roleUrl } = await listen(role.app, '127.0.0.1', 0);
    cleanup.push(() => closeServer(probes));
    const lag = async () => {
      const s = (await (await fetch(`${roleUrl}/status`)).json()) as {
        lag: { pending: number; inFlight: number } | null;
        processor: { lastError: string | null };
      };
      return {
        messages: (s.lag?.pending ?? 0) + (s.lag?.inFlight ?? 0),
        error: s.processor.lastError,
      };
    };

    const load = runLoad({
      url,
      writeKey: WRITE_KEY,
      connections: 4,
      batchSize: 100,
      rate: 3000,
      durationMs: 6000,
      idPrefix: 'pgdown',
      keepIds: true,
    });
    await new Promise((r) => setTimeout(r, 1500));
    await pg.stop();
    // Collectors do not need PostgreSQL: events are still acknowledged into the stream...
    await new Promise((r) => setTimeout(r, 1500));
    const early = await lag();
    await new Promise((r) => setTimeout(r, 1500));
    const later = await lag();
    // ...while the processor acknowledges nothing: the lag grows and says why.
    expect(later.messages).toBeGreaterThan(early.messages);
    expect(later.error).toMatch(/PostgreSQL|connect|terminat/i);
    const readyz = await fetch(`${roleUrl}/readyz`);
    expect(readyz.status).toBe(503);
    const metrics = await (await fetch(`${roleUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /storepulse_processor_lag_messages\{state="(pending|in_flight)"\} [1-9]/,
    );

    await pg.start();
    const result = await load;
    expect(result.failed).toBe(0);
    // Within seconds: a delivery handed back returns after 1 s, not after its ack_wait.
    const silver = await untilStored(space.flags['warehouse.url'], result.ackedIds, 15_000);
    expect(silver.rows).toBe(result.acknowledged);
    expect(silver.quarantine).toEqual({});
    await until(async () => (await lag()).messages === 0, 30_000, 'the lag to drain');
  },
);
