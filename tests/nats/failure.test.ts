import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, InfraError } from '../../src/core/errors.js';
import { natsLog, natsTarget, openNats } from '../../src/adapters/nats/connect.js';
import type { NatsClient } from '../../src/adapters/nats/connect.js';
import { silentLogger } from '../../src/core/logger.js';
import { closedPort, dropStream, input, relay, testClient, testStream } from './helpers.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function elapsed<T>(work: Promise<T>): Promise<{ ms: number; error: unknown }> {
  const started = Date.now();
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  return { ms: Date.now() - started, error };
}

describe('NATS failures', () => {
  it('reads nats://host:port[,host:port] server lists, credentials and tls://', () => {
    const servers = (url: string) => natsTarget(url).servers;
    expect(servers('nats://a:4222,b.example:4223')).toEqual(['a:4222', 'b.example:4223']);
    expect(servers('nats://10.0.0.1:1,nats://10.0.0.2:2')).toEqual(['10.0.0.1:1', '10.0.0.2:2']);
    expect(servers('nats://[::1]:4222')).toEqual(['[::1]:4222']);
    expect(natsTarget('nats://a:1')).toEqual({ servers: ['a:1'], tls: false, shown: 'nats://a:1' });
    // Percent-encoded user and password; shown without them.
    expect(natsTarget('tls://sp:s3cr%3At%2F@a:1,b:2')).toEqual({
      servers: ['a:1', 'b:2'],
      user: 'sp',
      pass: 's3cr:t/',
      tls: true,
      shown: 'tls://a:1,b:2',
    });
    expect(natsTarget('nats://t0ken@a:1')).toMatchObject({ token: 't0ken', shown: 'nats://a:1' });
    for (const bad of [
      'http://a:1',
      'nats://',
      'nats://a',
      'nats://a:1/x',
      'nats://a:1,tls://b:2',
    ]) {
      expect(() => natsTarget(bad), bad).toThrow(ConfigError);
    }
    // A refused URL is named without its password.
    expect(() => natsTarget('nats://u:hunter2@a')).toThrow(/'nats:\/\/\*\*\*@a'/);
  });

  it('a server that cannot be reached is a retriable InfraError, at once', async () => {
    const url = `nats://127.0.0.1:${await closedPort()}`;
    const { ms, error } = await elapsed(openNats(url, { name: 't', logger: silentLogger }));
    expect(error).toBeInstanceOf(InfraError);
    expect((error as InfraError).retriable).toBe(true);
    expect(ms).toBeLessThan(2000);
  });

  it('refuses to start when the server takes smaller messages than the log writes', async () => {
    const client = await testClient();
    cleanups.push(() => client.close());
    const spec = testStream();
    cleanups.push(() => dropStream(client, spec.name));
    const max = client.nc.info!.max_payload;
    const opening = natsLog(client, { stream: spec, log: { maxMessageBytes: max } });
    await expect(opening).rejects.toThrow(/max_payload is \d+ bytes.*\n.*max_msg_size/);
  });

  it('appends fail fast while the broker is unreachable, and work again once it is back', async () => {
    const admin = await testClient();
    const spec = testStream();
    cleanups.push(() => admin.close());
    cleanups.push(() => dropStream(admin, spec.name));
    const link = await relay();
    cleanups.push(() => link.cut());
    const client: NatsClient = await testClient(link.url());
    cleanups.push(() => client.close());
    const writer = await natsLog(client, { stream: spec });
    await writer.append([input(0)]);

    // Cut while appends are queued and in flight: each is rejected, none waits a timeout.
    const inFlight = Array.from({ length: 20 }, (_, i) => elapsed(writer.append([input(i)])));
    await link.cut();
    const later = await elapsed(writer.append([input(99)]));
    for (const r of [...(await Promise.all(inFlight)), later]) {
      if (r.error === null) continue; // acknowledged before the cut
      expect(r.error).toBeInstanceOf(InfraError);
      expect((r.error as InfraError).retriable).toBe(true);
      expect(r.ms).toBeLessThan(1000);
    }
    expect(later.error).toBeInstanceOf(InfraError);
    expect(writer.stats().pendingBytes).toBe(0);

    await link.restore();
    await expect
      .poll(
        () =>
          writer.append([input(100)]).then(
            () => 'ok',
            () => 'down',
          ),
        { timeout: 10_000 },
      )
      .toBe('ok');
    await writer.close();
  });
});
