import { afterAll, expect, it } from 'vitest';
import { startChild, stopChild, type Child } from '../../bench/lib/child.js';
import { runLoad } from '../../bench/lib/load.js';
import { silentLogger } from '../../src/core/logger.js';
import { systemClock } from '../../src/core/clock.js';
import { closeServer, listen } from '../../src/cli/server.js';
import { openCollectorRole } from '../../src/cli/roles/collector.js';
import { tempDir } from '../helpers.js';
import { roleEnv, scaleSpace, untilStored, WRITE_KEY } from './harness.js';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

it(
  'a processor killed with -9 mid-batch: its deliveries go to the other, nothing lost or doubled',
  { timeout: 120_000 },
  async () => {
    const space = await scaleSpace();
    cleanup.push(() => space.drop());
    const collector = await openCollectorRole(space.config(), silentLogger, systemClock);
    const { server, url } = await listen(collector.app, '127.0.0.1', 0);
    cleanup.push(async () => {
      await closeServer(server);
      await collector.close();
    });
    // A short ack wait, so the dead processor's deliveries come back within the test.
    const env = roleEnv(space.flags, {
      STOREPULSE_NATS_ACK_WAIT_S: '2',
      STOREPULSE_BATCH_SIZE: '2000',
    });
    const dir = await tempDir();
    const processors: Child[] = [];
    for (let i = 0; i < 2; i++) {
      const child = await startChild(dir, env, ['processor']);
      processors.push(child);
      cleanup.push(() => stopChild(child, 'SIGKILL'));
    }
    const [victim, survivor] = processors as [Child, Child];

    // Killed once it has committed some deliveries, with more in hand (the load goes on).
    const victimProcessed = killWhenBusy(victim);
    const load = await runLoad({
      url,
      writeKey: WRITE_KEY,
      connections: 4,
      batchSize: 200,
      rate: 0,
      durationMs: 4000,
      idPrefix: 'kill',
      keepIds: true,
    });
    expect(await victimProcessed).toBeGreaterThan(0);
    expect(victim.proc.signalCode).toBe('SIGKILL');
    expect(load.failed).toBe(0);
    expect(load.acknowledged).toBeGreaterThan(2000);

    const silver = await untilStored(space.flags['warehouse.url'], load.ackedIds, 60_000);
    expect(silver.rows).toBe(load.acknowledged);
    // No record was stored twice, nor quarantined as a duplicate of itself.
    expect(silver.quarantine).toEqual({});
    const status = (await (await fetch(`${survivor.url}/status`)).json()) as {
      processor: { processed: number };
    };
    expect(status.processor.processed).toBeGreaterThan(0);
  },
);

/** Kills `child` with -9 once it has processed records; resolves with how many it had. */
async function killWhenBusy(child: Child): Promise<number> {
  for (;;) {
    const status = (await (await fetch(`${child.url}/status`)).json()) as {
      processor: { processed: number };
    };
    if (status.processor.processed > 0) {
      child.proc.kill('SIGKILL');
      return status.processor.processed;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
