import { randomBytes } from 'node:crypto';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { LogInput } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/logger.js';
import { openNats, type NatsClient } from '../../src/adapters/nats/connect.js';
import { streamSpec, type StreamSpec } from '../../src/adapters/nats/stream.js';

export const NATS_URL = 'nats://127.0.0.1:4222';

/** A client for one test; `reconnectWaitMs` short so reconnect tests are quick. */
export function testClient(url = NATS_URL): Promise<NatsClient> {
  return openNats(url, { name: 'storepulse-test', logger: silentLogger, reconnectWaitMs: 100 });
}

/** A stream spec of its own (random name and subject): other test files share the server. */
export function testStream(overrides: Partial<StreamSpec> = {}): StreamSpec {
  const hex = randomBytes(6).toString('hex');
  return streamSpec({ name: `sp_test_${hex}`, subjects: [`sp.test.${hex}`], ...overrides });
}

/** Deletes the test's stream (its consumers go with it); missing is fine. */
export async function dropStream(client: NatsClient, name: string): Promise<void> {
  await client.jsm.streams.delete(name).catch(() => false);
}

export function input(i: number, extra: Partial<LogInput> = {}): LogInput {
  return {
    receivedAt: 1_700_000_000_000 + i,
    writeKeyId: 'shop1',
    requestId: `req-${i}`,
    source: 'http',
    messageId: `m-${i}`,
    sentAt: i % 2 === 0 ? '2024-01-01T00:00:00.000Z' : undefined,
    kind: 'event',
    reason: undefined,
    payload: JSON.stringify({
      type: 'track',
      event: 'Product Viewed',
      n: i,
      text: 'tab\tand\nline',
    }),
    ...extra,
  };
}

/** What a record read back must equal: its input, without `parsed`. */
export function stored(r: LogInput): LogInput {
  const copy = { ...r };
  delete copy.parsed;
  return copy;
}

/**
 * A TCP relay to the real NATS server that a test can cut and restore: the only way to
 * take "the broker" away from one client without touching the shared server.
 */
export async function relay(target = 4222) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = tcpConnect(target, '127.0.0.1');
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('error', () => s.destroy());
          s.on('close', () => sockets.delete(s));
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();
  return {
    url: () => `nats://127.0.0.1:${port}`,
    /** Closes the port and every connection through it. */
    async cut() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = null;
    },
    restore: listen,
  };
}

/** A local port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
