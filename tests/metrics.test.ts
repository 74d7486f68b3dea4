import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import parse from 'parse-prometheus-text-format';
import { Registry } from 'prom-client';
import { loadConfig } from '../src/core/config.js';
import { silentLogger } from '../src/core/logger.js';
import { systemClock } from '../src/core/clock.js';
import { PROJECT_ROOT } from '../src/core/paths.js';
import { basic, startInstance, tempDir } from './helpers.js';

type Instance = Awaited<ReturnType<typeof startInstance>>;
type Labels = Record<string, string>;

/** A scrape, parsed, with lookups that fail loudly on a metric that is not there. */
async function scrape(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/metrics`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe(Registry.PROMETHEUS_CONTENT_TYPE);
  const text = await res.text();
  const families = parse(text);
  // The parser folds a labelled histogram's series into one and drops their _sum and _count;
  // without the _bucket lines it keeps each series with its labels, sum and count.
  const totals = parse(
    text
      .split('\n')
      .filter((line) => !/^\w+_bucket[{ ]/.test(line))
      .join('\n'),
  );
  const family = (name: string, from = families) => {
    const f = from.find((x) => x.name === name);
    if (!f) throw new Error(`no metric ${name} in the scrape`);
    return f;
  };
  const matching = (name: string, labels: Labels, from = families) =>
    family(name, from).metrics.filter((s) =>
      Object.entries(labels).every(([k, v]) => s.labels?.[k] === v),
    );
  return {
    families,
    /** The sum of the samples whose labels include `labels`. */
    value: (name: string, labels: Labels = {}) =>
      matching(name, labels).reduce((n, s) => n + Number(s.value), 0),
    /** Per value of one label, the samples' values. */
    by: (name: string, label: string): Record<string, number> =>
      Object.fromEntries(
        family(name).metrics.map((s) => [s.labels?.[label] ?? '', Number(s.value)]),
      ),
    histogram: (name: string, labels: Labels = {}) => {
      const [s, ...more] = matching(name, labels, totals);
      expect(more).toEqual([]);
      return { count: Number(s?.count ?? 0), sum: Number(s?.sum ?? 0) };
    },
  };
}

const now = () => new Date().toISOString();
const view = (id: string, extra: Record<string, unknown> = {}) => ({
  type: 'track',
  event: 'Product Viewed',
  messageId: id,
  anonymousId: 'anon-1',
  timestamp: now(),
  properties: { product_id: 'sku-1', price: 12.5 },
  ...extra,
});
const order = (id: string, orderId: string) => ({
  type: 'track',
  event: 'Order Completed',
  messageId: id,
  userId: 'u-1',
  timestamp: now(),
  properties: { order_id: orderId, products: [{ product_id: 'sku-1', price: 3 }] },
});

const count = async (sp: Instance, sql: string) => Number((await sp.query(sql))[0]?.n);

describe('/metrics of an inline instance', () => {
  let sp: Instance;
  beforeAll(async () => {
    sp = await startInstance({
      flags: { 'collector.maxBatchEvents': 50, 'models.intervalSeconds': 0 },
    });
  });
  afterAll(() => sp.close());

  it('counts every record once, by outcome and reason, as the warehouse has it', async () => {
    const first = await sp.post('/v1/batch', {
      batch: [
        ...['g-1', 'g-2', 'g-3', 'g-4'].map((id) => view(id)),
        view('bad-identity', { anonymousId: undefined }),
        view('bad-time', { timestamp: 'yesterday' }),
        view('bad-event', { event: 'Wishlist Shared' }),
        view('dup-1'),
        view('dup-1'), // a duplicate inside the batch
        order('o-1', 'ord-1'),
        order('o-2', 'ord-1'), // the same order inside the batch
      ],
    });
    expect(first.status).toBe(200);
    expect((await sp.post('/v1/track', '{"type":"track", "event": ')).status).toBe(400);
    const tooMany = Array.from({ length: 51 }, (_, i) => view(`many-${i}`));
    expect((await sp.post('/v1/batch', { batch: tooMany })).status).toBe(413);
    await sp.rt.processor.drain();
    // Duplicates of stored rows: found by the warehouse, not the batch.
    const second = await sp.post('/v1/batch', { batch: [view('dup-1'), order('o-3', 'ord-1')] });
    expect(second.status).toBe(200);
    expect((await sp.post('/v1/track', view('g-5'))).status).toBe(200);
    await sp.rt.processor.drain();

    const m = await scrape(sp.url);
    const silver = await count(sp, 'select count(*) as n from silver_events');
    const quarantine = await count(sp, 'select count(*) as n from quarantine');
    const reasons = Object.fromEntries(
      (await sp.query('select reason, count(*) as n from quarantine group by reason')).map((r) => [
        r.reason,
        Number(r.n),
      ]),
    );
    expect(silver).toBe(7);
    expect(reasons).toEqual({
      missing_identity: 1,
      bad_timestamp: 1,
      unknown_event: 1,
      malformed_json: 1,
      duplicate: 2,
      duplicate_order: 2,
    });
    const records = silver + quarantine;

    expect(m.by('storepulse_processor_quarantined_total', 'reason')).toEqual(reasons);
    expect(m.by('storepulse_processor_records_total', 'outcome')).toEqual({
      stored: silver,
      quarantined: quarantine - 4,
      duplicate: 4,
    });
    expect(m.by('storepulse_processor_duplicates_total', 'kind')).toEqual({ message: 2, order: 2 });
    expect(m.histogram('storepulse_processor_batch_records')).toMatchObject({ sum: records });
    expect(m.histogram('storepulse_processor_batch_records').count).toBeGreaterThanOrEqual(2);
    expect(m.histogram('storepulse_processor_batch_seconds').count).toBe(
      m.histogram('storepulse_processor_batch_records').count,
    );
    expect(m.histogram('storepulse_processor_visible_seconds').count).toBe(records);

    expect(m.value('storepulse_collector_events_acknowledged_total')).toBe(records);
    expect(m.value('storepulse_collector_events_received_total')).toBe(records + 51);
    expect(m.by('storepulse_collector_events_acknowledged_total', 'route')).toEqual({
      batch: 13,
      track: 2,
    });
    const requests = (route: string, status: string) =>
      m.value('storepulse_collector_requests_total', { route, status });
    expect([requests('batch', '200'), requests('batch', '413')]).toEqual([2, 1]);
    expect([requests('track', '200'), requests('track', '400')]).toEqual([1, 1]);
    expect(m.histogram('storepulse_collector_request_events', { route: 'batch' })).toEqual({
      count: 2,
      sum: 13,
    });
    expect(m.histogram('storepulse_collector_ack_seconds', { route: 'batch' }).count).toBe(2);
    expect(m.histogram('storepulse_collector_ack_seconds', { route: 'track' }).count).toBe(1);

    expect(m.by('storepulse_warehouse_rows', 'table')).toMatchObject({
      silver_events: silver,
      silver_orders: 1,
      quarantine_unresolved: quarantine,
    });
    expect(m.value('storepulse_log_last_seq')).toBe(records);
    expect(m.value('storepulse_processor_checkpoint_seq')).toBe(records);
    expect(m.value('storepulse_processor_lag_events')).toBe(0);
    expect(m.value('storepulse_log_bytes')).toBeGreaterThan(0);
  });

  it('counts and times model runs and data test runs', async () => {
    const run = await sp.rt.admin.runModels({});
    const tests = await sp.rt.admin.testModels({});
    const m = await scrape(sp.url);
    expect(m.by('storepulse_model_runs_total', 'status')).toEqual({ [run.status]: 1 });
    expect(m.histogram('storepulse_model_run_seconds').count).toBe(1);
    const built = run.models.filter((x) => x.status !== 'skipped');
    expect(built.length).toBeGreaterThan(20);
    for (const model of built) {
      expect(m.histogram('storepulse_model_build_seconds', { model: model.model }).count).toBe(1);
    }
    expect(m.by('storepulse_data_test_runs_total', 'status')).toEqual({ [tests.status]: 1 });
    expect(m.histogram('storepulse_data_test_run_seconds').count).toBe(1);
    const byStatus: Record<string, number> = {};
    for (const t of tests.results) byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
    expect(m.by('storepulse_data_tests_total', 'status')).toEqual(byStatus);
  });

  it('has no process metrics: those belong to the serving thread of `storepulse start`', async () => {
    const m = await scrape(sp.url);
    expect(m.families.filter((f) => !f.name.startsWith('storepulse_'))).toEqual([]);
  });
});

it('keeps its metrics behind the access token, and each instance starts at zero', async () => {
  const sp = await startInstance({ flags: { 'dashboard.token': 's3cret' } });
  try {
    expect((await fetch(`${sp.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${sp.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect((await sp.post('/v1/track', view('t-1'))).status).toBe(200);
    await sp.rt.processor.drain();
    const m = await scrape(sp.url, { authorization: 'Bearer s3cret' });
    expect(m.value('storepulse_collector_events_acknowledged_total')).toBe(1);
    expect(m.value('storepulse_processor_records_total')).toBe(1);
  } finally {
    await sp.close();
  }
});

/**
 * `storepulse start`'s runtime: the worker thread loads `processor-worker.js` beside the
 * module, so this test runs the build in dist/ (`npm run build`, as `npm test` does first).
 */
it('merges the worker thread’s metrics into the main thread’s scrape', async () => {
  const dist = (path: string) => pathToFileURL(join(PROJECT_ROOT, 'dist', path)).href;
  const { openWorkerRuntime } = (await import(
    dist('src/cli/worker-runtime.js')
  )) as typeof import('../src/cli/worker-runtime.js');
  const { createApps, listen, closeServer } = (await import(
    dist('src/cli/server.js')
  )) as typeof import('../src/cli/server.js');
  const dir = await tempDir();
  const config = loadConfig(
    {},
    {
      dataDir: dir,
      'collector.writeKeys': 'test-key:shop1',
      'models.intervalSeconds': 0,
      'monitor.intervalSeconds': 0,
      'retention.intervalMinutes': 0,
    },
  );
  const rt = await openWorkerRuntime(config, silentLogger, systemClock);
  const apps = createApps(rt, config, systemClock, silentLogger);
  const { server, url } = await listen(apps.main, '127.0.0.1', 0);
  try {
    await rt.processor.start();
    const res = await fetch(`${url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic('test-key') },
      body: JSON.stringify({
        batch: [view('w-1'), view('w-2'), view('w-1'), view('w-bad', { timestamp: 'x' })],
      }),
    });
    expect(res.status).toBe(200);
    await rt.processor.drain();
    const status = await rt.admin.status();
    expect(status.warehouse.silverEvents).toBe(2);

    const m = await scrape(url);
    // From the worker thread.
    expect(m.by('storepulse_processor_records_total', 'outcome')).toEqual({
      stored: 2,
      quarantined: 1,
      duplicate: 1,
    });
    expect(m.by('storepulse_processor_quarantined_total', 'reason')).toEqual(
      status.warehouse.quarantineByReason,
    );
    // Worker-only histograms: the main thread's empty copy adds nothing.
    expect(m.histogram('storepulse_processor_batch_records').sum).toBe(4);
    expect(m.histogram('storepulse_processor_visible_seconds').count).toBe(4);
    // From the main thread.
    expect(m.value('storepulse_collector_events_acknowledged_total')).toBe(4);
    expect(m.histogram('storepulse_collector_request_events', { route: 'batch' })).toEqual({
      count: 1,
      sum: 4,
    });
    expect(m.by('storepulse_warehouse_rows', 'table')).toMatchObject({ silver_events: 2 });
    expect(m.value('storepulse_processor_checkpoint_seq')).toBe(4);
    expect(m.value('storepulse_log_last_seq')).toBe(4);
    // Process metrics once, from the main thread, including the one cluster merges drop.
    for (const name of ['process_cpu_user_seconds_total', 'process_start_time_seconds']) {
      expect(m.families.filter((f) => f.name === name)).toHaveLength(1);
    }
    expect(m.value('process_start_time_seconds')).toBeGreaterThan(1_700_000_000);
  } finally {
    apps.close();
    await closeServer(server);
    await rt.close();
    await rm(dir, { recursive: true, force: true });
  }
});
