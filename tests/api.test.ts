import { Ajv } from 'ajv';
import { afterEach, expect, it } from 'vitest';
import { silentLogger } from '../src/core/logger.js';
import { systemClock } from '../src/core/clock.js';
import { closeServer, createApps, listen } from '../src/cli/server.js';
import type { LiveTick } from '../src/serve/api/types.js';
import { startInstance } from './helpers.js';

type Instance = Awaited<ReturnType<typeof startInstance>>;
let sp: Instance | undefined;
afterEach(async () => {
  await sp?.close();
  sp = undefined;
});

/** JSON as the tests read it: error bodies, and the OpenAPI document's nested objects. */
interface Json {
  error: { code: string; message: string };
  [key: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

interface OpenApi {
  paths: Record<
    string,
    { get: { responses: Record<string, { content: Record<string, { schema: object }> }> } }
  >;
}

const get = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { headers, redirect: 'manual' });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    json: text.startsWith('{') ? (JSON.parse(text) as Json) : null,
  };
};

it('answers bad requests with a precise status and a JSON error, and says when the marts are not built yet', async () => {
  sp = await startInstance({ flags: { 'models.intervalSeconds': 0 } });
  const early = await get(`${sp.url}/api/v1/overview`);
  expect(early.status).toBe(503);
  expect(early.json?.error.code).toBe('not_ready');
  expect(early.headers.get('retry-after')).toBe('10');

  await sp.rt.models.run({ trigger: 'test' });
  expect((await get(`${sp.url}/api/v1/overview`)).status).toBe(200);
  const cases: [string, number, string, RegExp][] = [
    ['/api/v1/overview?from=2026-13-01', 400, 'invalid_parameter', /from/],
    ['/api/v1/overview?from=2026-02-30', 400, 'invalid_parameter', /from/],
    ['/api/v1/overview?from=2026-05-02&to=2026-05-01', 400, 'invalid_parameter', /after/],
    ['/api/v1/overview?colour=red', 400, 'invalid_parameter', /colour/],
    ['/api/v1/live?minutes=0', 400, 'invalid_parameter', /minutes/],
    ['/api/v1/nothing', 404, 'not_found', /nothing/],
  ];
  for (const [path, status, code, message] of cases) {
    const res = await get(`${sp.url}${path}`);
    expect({ path, status: res.status, code: res.json?.error.code }).toEqual({
      path,
      status,
      code,
    });
    expect(res.json?.error.message).toMatch(message);
  }
});

it('publishes an OpenAPI document whose schemas every endpoint answers by', async () => {
  sp = await startInstance({ flags: { 'models.intervalSeconds': 0 } });
  await sp.post('/v1/batch', {
    batch: [
      { type: 'page', userId: 'u1' },
      {
        type: 'track',
        userId: 'u1',
        event: 'Order Completed',
        properties: { order_id: 'o1', products: [{ product_id: 'p', price: '9.99' }] },
      },
    ],
  });
  await sp.rt.processor.drain();
  await sp.rt.models.run({ trigger: 'test' });
  const doc = (await get(`${sp.url}/api/v1/openapi.json`)).json!;
  expect(doc.openapi).toBe('3.1.0');
  const paths = Object.keys(doc.paths as object);
  expect(paths).toEqual(
    expect.arrayContaining([
      '/api/v1/meta',
      '/api/v1/overview',
      '/api/v1/live',
      '/api/v1/funnel',
      '/api/v1/products',
      '/api/v1/customers',
      '/api/v1/quality',
      '/api/v1/pipeline',
      '/api/v1/stream',
    ]),
  );
  const ajv = new Ajv({ strict: false, validateFormats: false });
  for (const path of paths.filter((p) => p !== '/api/v1/stream')) {
    const operations = (doc as unknown as OpenApi).paths;
    const schema = operations[path]!.get.responses['200']!.content['application/json']!.schema;
    const res = await get(`${sp.url}${path}`);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    expect({
      path,
      valid: ajv.validate(schema, res.json),
      errors: ajv.errorsText(ajv.errors),
    }).toEqual({ path, valid: true, errors: 'No errors' });
  }
  const overview = (await get(`${sp.url}/api/v1/overview`)).json!;
  expect(overview.kpis).toMatchObject({
    orders: 1,
    netRevenue: '9.9900',
    sessions: 1,
    activeUsers: 1,
  });
});

it('pushes new events and counters over Server-Sent Events', async () => {
  sp = await startInstance({
    flags: { 'models.intervalSeconds': 0, 'dashboard.liveIntervalMs': 100 },
  });
  const first = new AbortController();
  const ticks = streamTicks(`${sp.url}/api/v1/stream`, first.signal);
  await sp.post('/v1/track', {
    type: 'track',
    userId: 'buyer',
    event: 'Order Completed',
    properties: { order_id: 'sse-1', products: [{ product_id: 'p', price: '42.50' }] },
  });
  let found: LiveTick | undefined;
  for await (const tick of ticks) {
    if (tick.events.some((e) => e.orderId === 'sse-1')) {
      found = tick;
      break;
    }
  }
  // A second dashboard joining the running feed starts with the recent events, not empty.
  const second = new AbortController();
  const joined = await streamTicks(`${sp.url}/api/v1/stream`, second.signal).next();
  second.abort();
  expect((joined.value as LiveTick).events.map((e) => e.orderId)).toContain('sse-1');
  first.abort();
  expect(found!.events.find((e) => e.orderId === 'sse-1')).toMatchObject({
    type: 'order_completed',
    userKey: 'buyer',
    revenue: '42.5000',
  });
  expect(found!.seconds.reduce((n, s) => n + s.orders, 0)).toBe(1);
  expect(found!.seconds.find((s) => s.orders === 1)?.netRevenue).toBe('42.5000');
});

it('keeps the dashboard, its API and the admin API behind the access token, the collector and liveness outside', async () => {
  sp = await startInstance({ flags: { 'models.intervalSeconds': 0, 'dashboard.token': 's3cret' } });
  for (const path of ['/api/v1/meta', '/admin/v1/status']) {
    const denied = await get(`${sp.url}${path}`);
    expect(denied.status).toBe(401);
    expect(denied.json?.error.code).toBe('unauthorized');
    expect(denied.headers.get('www-authenticate')).toBe('Bearer');
    expect((await get(`${sp.url}${path}`, { authorization: 'Bearer wrong' })).status).toBe(401);
  }
  expect((await get(`${sp.url}/admin/v1/status`, { authorization: 'Bearer s3cret' })).status).toBe(
    200,
  );
  expect((await get(`${sp.url}/overview`)).status).toBe(401);
  const login = await get(`${sp.url}/overview?range=30d&token=s3cret`);
  expect(login.status).toBe(302);
  expect(login.headers.get('location')).toBe('/overview?range=30d');
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  expect(login.headers.get('set-cookie')).toMatch(/HttpOnly/);
  expect((await get(`${sp.url}/overview`, { cookie })).status).toBe(200);
  expect((await get(`${sp.url}/healthz`)).status).toBe(200);
  expect((await sp.post('/v1/track', { type: 'page', userId: 'u' })).status).toBe(200);
});

it('serves the dashboard on a port of its own when configured', async () => {
  sp = await startInstance({ flags: { 'models.intervalSeconds': 0, 'dashboard.port': 0 } });
  const apps = createApps(
    sp.rt,
    (await import('../src/core/config.js')).loadConfig(
      {},
      { 'collector.writeKeys': 'k', 'dashboard.port': 0 },
    ),
    systemClock,
    silentLogger,
  );
  const board = await listen(apps.dashboard!, '127.0.0.1', 0);
  try {
    expect((await get(`${board.url}/api/v1/openapi.json`)).status).toBe(200);
    expect((await get(`${board.url}/overview`)).status).toBe(200);
    expect((await get(`${sp.url}/api/v1/openapi.json`)).status).toBe(404);
  } finally {
    apps.close();
    await closeServer(board.server);
  }
});

/** The `tick` events of an SSE stream, parsed. */
async function* streamTicks(url: string, signal: AbortSignal): AsyncGenerator<LiveTick> {
  const res = await fetch(url, { signal });
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  let buffer = '';
  for await (const chunk of res.body!.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    const blocks = buffer.split('\n\n');
    buffer = blocks.pop()!;
    for (const block of blocks) {
      const data = block.split('\n').find((l) => l.startsWith('data: '));
      if (data) yield JSON.parse(data.slice(6)) as LiveTick;
    }
  }
}
