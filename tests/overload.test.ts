import { afterAll, beforeAll, expect, it } from 'vitest';
import { request } from 'node:http';
import { basic, startInstance } from './helpers.js';

let sp: Awaited<ReturnType<typeof startInstance>>;
beforeAll(async () => {
  sp = await startInstance({
    flags: { 'collector.maxInflightBytes': 1024 * 1024, 'collector.maxRequestsPerKey': 1 },
  });
});
afterAll(() => sp.close());

it('answers 503 with Retry-After when the bytes in flight would pass the memory budget', async () => {
  const res = await sp.post('/v1/batch', {
    batch: [{ type: 'track', event: 'x', anonymousId: 'a', pad: 'z'.repeat(1_100_000) }],
  });
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('1');
  expect(res.json).toEqual({ error: { code: 'overloaded', message: expect.any(String) } });
});

it('answers 429 with Retry-After when one write key has too many requests in flight', async () => {
  const url = new URL(sp.url);
  // Hold one request open: headers sent, body not finished.
  const held = request({
    host: url.hostname,
    port: url.port,
    path: '/v1/batch',
    method: 'POST',
    headers: {
      authorization: basic('test-key'),
      'content-type': 'application/json',
      'content-length': '100',
    },
  });
  held.on('error', () => undefined);
  held.write('{"batch": [');
  await new Promise((r) => setTimeout(r, 200));
  const res = await sp.post('/v1/batch', { batch: [] });
  expect(res.status).toBe(429);
  expect(res.headers.get('retry-after')).toBe('1');
  expect((res.json.error as { code: string }).code).toBe('too_many_requests');
  held.destroy();
  await new Promise((r) => setTimeout(r, 100));
  const after = await sp.post('/v1/batch', { batch: [] });
  expect(after.status).toBe(200);
});
