import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/core/paths.js';
import { createGenerator, NO_ANOMALIES, sendToCollector } from '../src/generate/index.js';
import type { AlertNotice, HealthReport } from '../src/monitor/types.js';
import { startInstance } from './helpers.js';

type Instance = Awaited<ReturnType<typeof startInstance>>;
let sp: Instance | undefined;
let hooks: Server | undefined;
afterEach(async () => {
  await sp?.close();
  sp = undefined;
  await new Promise((r) => (hooks ? hooks.close(r) : r(null)));
  hooks = undefined;
});

interface Received {
  path: string;
  status: number;
  delivery: string | undefined;
  body: Record<string, unknown>;
}

/** A webhook receiver on loopback that fails its first request with a 500. */
async function receiver() {
  const received: Received[] = [];
  hooks = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const status = received.length === 0 ? 500 : 200;
      received.push({
        path: req.url ?? '',
        status,
        delivery: req.headers['x-storepulse-delivery'] as string | undefined,
        body: JSON.parse(text) as Record<string, unknown>,
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => hooks!.listen(0, '127.0.0.1', r));
  const port = (hooks.address() as { port: number }).port;
  return { base: `http://127.0.0.1:${port}`, received };
}

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${ms} ms: ${JSON.stringify(v).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const openChecks = (r: HealthReport) => r.alerts.map((a) => a.check).sort();
const generic = (r: Received[]) =>
  r
    .filter((x) => x.path === '/generic' && x.status === 200)
    .map((x) => x.body as unknown as AlertNotice);

it('raises freshness and volume-drop alerts when the traffic stops, resolves them when it resumes, and sends them to webhooks', async () => {
  const hook = await receiver();
  sp = await startInstance({
    flags: {
      'models.intervalSeconds': 0,
      'monitor.intervalSeconds': 1,
      'monitor.freshnessWarningSeconds': 3,
      'monitor.volumeWindowSeconds': 2,
      'monitor.volumeTrailingWindows': 5,
      'monitor.volumeMinSamples': 4,
      'monitor.webhooks': `${hook.base}/generic`,
      'monitor.slackWebhooks': `${hook.base}/slack`,
    },
  });
  const traffic = () => {
    const stop = new AbortController();
    const sent = sendToCollector({
      url: sp!.url,
      writeKey: 'test-key',
      rate: 150,
      generator: createGenerator({ seed: 5, anomalies: NO_ANOMALIES }),
      signal: stop.signal,
    });
    return async () => {
      stop.abort();
      await sent;
    };
  };
  const health = () => sp!.rt.admin.health({ run: false });
  let stop = traffic();
  sp.rt.monitorScheduler.start();
  // Six windows of 2 s give the trailing baseline its samples (longer on a busy machine,
  // where the traffic starts slower); all is well meanwhile.
  await new Promise((r) => setTimeout(r, 13_000));
  const volume = (r: HealthReport) => r.checks.find((c) => c.check === 'volume.events')?.summary;
  const busy = await until(
    'a volume baseline',
    health,
    (r) => !/too thin/.test(volume(r) ?? 'too thin'),
    30_000,
  );
  expect(volume(busy)).not.toMatch(/too thin/);
  expect(openChecks(busy)).toEqual([]);

  await stop();
  const stoppedAt = Date.now();
  const quiet = await until(
    'alerts after the traffic stopped',
    health,
    (r) => ['freshness.bronze', 'volume.events'].every((c) => openChecks(r).includes(c)),
    10_000,
  );
  // Configured: freshness warns at 3 s, checks every 1 s, volume windows of 2 s.
  expect(Date.now() - stoppedAt).toBeLessThan(8_000);
  expect(quiet.status).toBe('critical');
  const drop = quiet.alerts.find((a) => a.check === 'volume.events')!;
  expect(drop).toMatchObject({ severity: 'critical', title: 'Event volume drop', state: 'open' });
  expect(quiet.alerts.find((a) => a.check === 'freshness.bronze')).toMatchObject({
    severity: 'warning',
  });
  const probe = await fetch(`${sp.url}/healthz`);
  expect(probe.status).toBe(200);
  expect(await probe.json()).toMatchObject({ live: true, status: 'critical' });
  expect((await fetch(`${sp.url}/readyz`)).status).toBe(200);

  stop = traffic();
  await until(
    'alerts resolved after the traffic resumed',
    health,
    (r) => r.alerts.length === 0,
    15_000,
  );
  await stop();

  // Stored as history, resolved, one incident per check.
  const history = await sp.rt.admin.alerts(50);
  const resolved = history.filter((a) => ['freshness.bronze', 'volume.events'].includes(a.check));
  expect(resolved.every((a) => a.state === 'resolved' && a.resolvedAt !== null)).toBe(true);
  expect(new Set(resolved.map((a) => a.check)).size).toBe(resolved.length);

  // Every transition reached the generic webhook, the first after a retry, each once.
  const notices = await until(
    'webhook deliveries',
    async () => generic(hook.received),
    (n) => n.filter((x) => x.transition === 'resolved').length >= 2,
    10_000,
  );
  expect(hook.received[0]!.status).toBe(500);
  const first = hook.received[0]!;
  expect(
    hook.received
      .filter((r) => r.path === first.path && r.delivery === first.delivery)
      .map((r) => r.status),
  ).toEqual([500, 200]);
  for (const check of ['freshness.bronze', 'volume.events']) {
    const mine = notices.filter((n) => n.alert.check === check);
    expect(mine.map((n) => n.transition)[0]).toBe('opened');
    expect(mine.at(-1)!.transition).toBe('resolved');
    expect(mine.at(-1)!.alert.id).toBe(mine[0]!.alert.id);
  }
  expect(notices[0]).toMatchObject({ version: 1, instance: 'storepulse' });
  const slack = hook.received.filter((r) => r.path === '/slack' && r.status === 200);
  expect(slack.length).toBeGreaterThanOrEqual(4);
  expect(slack[0]!.body).toMatchObject({ text: expect.any(String), blocks: expect.any(Array) });
}, 120_000);

it('raises a quality alert on a burst of malformed events, and a failing data test makes health critical', async () => {
  sp = await startInstance({
    flags: {
      'models.intervalSeconds': 0,
      'monitor.intervalSeconds': 0,
      'monitor.qualityWindowSeconds': 60,
    },
  });
  const good = Array.from({ length: 100 }, (_, i) => ({
    type: 'track',
    userId: `u${i % 7}`,
    event: 'Product Viewed',
    properties: { product_id: `p${i % 5}`, price: '10.00' },
  }));
  // No identity: each lands in quarantine as missing_identity.
  const bad = Array.from({ length: 40 }, () => ({
    type: 'track',
    event: 'Product Viewed',
    properties: {},
  }));
  expect((await sp.post('/v1/batch', { batch: [...good, ...bad] })).status).toBe(200);
  await until(
    'processed',
    () => sp!.rt.admin.status(),
    (s) => s.lag.events === 0 && s.warehouse.silverEvents === 100,
    10_000,
  );

  const burst = await sp.rt.admin.health({ run: true });
  const quality = burst.checks.find((c) => c.check === 'quality.quarantine')!;
  // 40 of 140 records: 28.6%, over the 10% critical share.
  expect(quality).toMatchObject({
    status: 'critical',
    details: { records: 140, quarantined: 40, byReason: { missing_identity: 40 } },
  });
  expect(quality.value).toBeCloseTo(40 / 140, 10);
  expect(burst.alerts.find((a) => a.check === 'quality.quarantine')).toMatchObject({
    severity: 'critical',
    title: 'Quarantine share high',
  });
  expect(burst.alerts.find((a) => a.check === 'quality.quarantine')!.detail).toMatch(
    /missing_identity 40/,
  );

  await sp.rt.models.run({ trigger: 'test' });
  expect((await sp.rt.models.test({ trigger: 'test' })).status).not.toBe('fail');
  // A second row for a day breaks the grain of the daily KPIs.
  await sp.query('insert into mart_daily_kpis select * from mart_daily_kpis limit 1');
  expect((await sp.rt.models.test({ trigger: 'test' })).status).toBe('fail');
  const failing = await sp.rt.admin.health({ run: true });
  const tests = failing.checks.find((c) => c.check === 'models.tests')!;
  expect(tests.status).toBe('critical');
  expect(tests.summary).toMatch(/grain_unique_mart_daily_kpis/);
  expect(failing.status).toBe('critical');
  expect(failing.alerts.map((a) => a.check)).toContain('models.tests');

  // The CLI on the same folder, as cron would run it: JSON, exit code 2 when critical.
  const dir = sp.dir;
  await sp.close(false);
  sp = undefined;
  const cli = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
  const run = await promisify(execFile)(
    process.execPath,
    [cli, 'monitor', '--json', '--data-dir', dir],
    {
      env: { ...process.env, STOREPULSE_LOG_LEVEL: 'silent' },
    },
  ).then(
    () => ({ code: 0, stdout: '', stderr: '' }),
    (err: { code: number; stdout: string; stderr: string }) => ({
      code: err.code,
      stdout: err.stdout,
      stderr: err.stderr,
    }),
  );
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: '' });
  const report = JSON.parse(run.stdout) as HealthReport;
  expect(report.status).toBe('critical');
  await rm(dir, { recursive: true, force: true });
  expect(report.alerts.map((a) => a.check)).toEqual(
    expect.arrayContaining(['models.tests', 'quality.quarantine']),
  );
}, 60_000);
