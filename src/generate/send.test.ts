import { NO_ANOMALIES } from './anomalies.js';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnomalyRates } from './anomalies.js';
import { createGenerator } from './generator.js';
import { sendToCollector } from './send.js';

interface Received {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Answer = (
  request: Received,
  index: number,
) => { status: number; headers?: Record<string, string> };

const NONE = NO_ANOMALIES;

let server: Server | undefined;

async function stopServer(): Promise<void> {
  const running = server;
  server = undefined;
  if (!running) return;
  running.closeAllConnections();
  running.close();
  await once(running, 'close');
}

afterEach(stopServer);

/** A real collector stand-in on a free loopback port that records what it gets. */
async function collector(answer: Answer = () => ({ status: 200 })) {
  const received: Received[] = [];
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const gzipped = req.headers['content-encoding'] === 'gzip';
      const request = {
        url: req.url ?? '',
        headers: req.headers,
        body: (gzipped ? gunzipSync(raw) : raw).toString('utf8'),
      };
      received.push(request);
      const { status, headers = {} } = answer(request, received.length - 1);
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(status < 300 ? '{"success":true}' : '{"error":{"code":"x","message":"x"}}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received };
}

function generator(anomalies: Partial<AnomalyRates> = NONE) {
  return createGenerator({ seed: 5, now: () => Date.parse('2025-03-14T15:00:00Z'), anomalies });
}

function batchOf(request: Received): { batch: Record<string, unknown>[]; sentAt: string } {
  return JSON.parse(request.body) as { batch: Record<string, unknown>[]; sentAt: string };
}

describe('sendToCollector', () => {
  it('posts Segment batches with Basic auth, in batches of batchSize', async () => {
    const { url, received } = await collector();
    const stats = await sendToCollector({
      url,
      writeKey: 'wk_test',
      rate: 10_000,
      batchSize: 50,
      count: 230,
      generator: generator(),
    });
    expect(stats).toMatchObject({ sent: 230, acknowledged: 230, rejected: 0, errors: 0 });
    expect(stats.batches).toBe(received.length);
    for (const request of received) {
      expect(request.url).toBe('/v1/batch');
      expect(request.headers.authorization).toBe(`Basic ${btoa('wk_test:')}`);
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers.connection).toBe('keep-alive');
      const body = batchOf(request);
      expect(body.batch.length).toBeLessThanOrEqual(50);
      expect(Date.parse(body.sentAt)).not.toBeNaN();
      for (const event of body.batch) expect(event.messageId).toEqual(expect.any(String));
    }
    expect(received.flatMap((r) => batchOf(r).batch)).toHaveLength(230);
  });

  it('gzips bodies on request', async () => {
    const { url, received } = await collector();
    const stats = await sendToCollector({
      url,
      writeKey: 'k',
      rate: 10_000,
      count: 120,
      gzip: true,
      generator: generator(),
    });
    expect(stats.acknowledged).toBe(120);
    expect(received.every((r) => r.headers['content-encoding'] === 'gzip')).toBe(true);
    expect(received.flatMap((r) => batchOf(r).batch)).toHaveLength(120);
  });

  it('retries a 503 after Retry-After with the same messageIds', async () => {
    const { url, received } = await collector((_, index) =>
      index === 0 ? { status: 503, headers: { 'Retry-After': '0' } } : { status: 200 },
    );
    const stats = await sendToCollector({
      url,
      writeKey: 'k',
      rate: 10_000,
      batchSize: 40,
      count: 40,
      generator: generator(),
    });
    expect(stats).toMatchObject({ sent: 40, acknowledged: 40, retries: 1, batches: 1 });
    const [first, second] = received.map((r) => batchOf(r).batch.map((e) => e.messageId));
    expect(received).toHaveLength(2);
    expect(second).toEqual(first);
  });

  it('sends malformed items alone to /v1/track and counts the 400s', async () => {
    const { url, received } = await collector((request) => ({
      status: request.url === '/v1/track' ? 400 : 200,
    }));
    const stats = await sendToCollector({
      url,
      writeKey: 'k',
      rate: 10_000,
      count: 200,
      generator: generator({ ...NONE, malformedJson: 0.2 }),
    });
    const raw = received.filter((r) => r.url === '/v1/track');
    expect(raw.length).toBeGreaterThan(10);
    expect(stats.malformed).toBe(raw.length);
    for (const request of raw) expect(() => JSON.parse(request.body) as unknown).toThrow();
    expect(stats.acknowledged + stats.malformed).toBe(200);
  });

  it('counts refused batches as rejected', async () => {
    const { url } = await collector(() => ({ status: 400 }));
    const stats = await sendToCollector({
      url,
      writeKey: 'k',
      rate: 10_000,
      count: 30,
      generator: generator(),
    });
    expect(stats).toMatchObject({ sent: 30, acknowledged: 0, rejected: 30, retries: 0 });
  });

  it('keeps to the rate and stops at durationMs', async () => {
    const { url } = await collector();
    const started = Date.now();
    const stats = await sendToCollector({
      url,
      writeKey: 'k',
      rate: 200,
      durationMs: 1000,
      generator: generator(),
    });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(stats.sent).toBeGreaterThan(150);
    expect(stats.sent).toBeLessThanOrEqual(260);
  });

  it('stops on abort, giving up on a collector that is not there', async () => {
    const { url } = await collector();
    await stopServer();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const stats = await sendToCollector({
      url,
      writeKey: 'k',
      rate: 100,
      generator: generator(),
      signal: controller.signal,
    });
    expect(stats.sent).toBeGreaterThan(0);
    expect(stats.retries).toBeGreaterThan(0);
    expect(stats.errors).toBe(stats.sent);
  });
});
