import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PipelineResponse, QualityResponse } from '../../src/serve/api/types.js';
import { dashboardInstance, shownNumber, type DashboardInstance } from './harness.js';

const TZ = 'America/New_York';

let d: DashboardInstance;
beforeAll(async () => {
  d = await dashboardInstance({ timeZone: TZ });
}, 120_000);
afterAll(async () => d?.close());

/** The texts of one column of a DataTable (its visible page). */
const column = (page: Page, table: string, col: string) =>
  page.locator(`[data-testid="${table}"] tbody td[data-col="${col}"]`).allTextContents();

async function csvOf(page: Page, table: string): Promise<string[]> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`[data-testid="${table}"]`).getByRole('button', { name: /CSV/ }).click(),
  ]);
  return (await readFile(await download.path(), 'utf8')).trim().split(/\r?\n/);
}

const viewed = (userId: string, productId: string, name: string) => ({
  type: 'track',
  userId,
  event: 'Product Viewed',
  properties: { product_id: productId, name, price: '19.99', currency: 'USD' },
});

it('tails live events: new ones within 2 s, pause and resume, type filter in the URL', async () => {
  const { page, errors } = await d.open('/live');
  page.setDefaultTimeout(10_000);
  const tail = page.locator('[data-testid="live-tail"]');
  // The stream starts with a backlog of the newest stored events.
  await tail.locator('tbody tr').first().waitFor({ timeout: 10_000 });
  await expect.poll(() => page.textContent('[data-testid="kpi-stream-value"]')).toBe('Live');
  const backlogTypes = new Set(await column(page, 'live-tail', 'type'));
  expect(backlogTypes.size).toBeGreaterThan(1);

  // A distinctive event sent over HTTP shows on top within 2 seconds of its acknowledgement.
  const res = await d.sp.post('/v1/track', viewed('ops-live-1', 'p-ops-live-1', 'Ops Live Widget'));
  expect(res.status).toBe(200);
  const acked = Date.now();
  const first = tail.locator('tbody tr').first();
  await expect
    .poll(async () => first.locator('td[data-col="product"]').textContent(), {
      timeout: 5_000,
      interval: 50,
    })
    .toBe('Ops Live Widget');
  expect(Date.now() - acked).toBeLessThan(2_000);
  expect(await first.locator('td[data-col="type"]').textContent()).toBe('product_viewed');
  expect(await first.locator('td[data-col="user"]').textContent()).toBe('ops-live-1');

  // Paused: the next event is counted, not shown; resuming shows it.
  await page.click('[data-testid="pause"]');
  await page.waitForSelector('[data-testid="paused-count"]');
  expect(await page.textContent('[data-testid="paused-count"]')).toBe('0 new while paused');
  await d.sp.post('/v1/track', viewed('ops-live-2', 'p-ops-live-2', 'Ops Paused Widget'));
  await expect
    .poll(() => page.textContent('[data-testid="paused-count"]'), { timeout: 5_000 })
    .toBe('1 new while paused');
  await page.waitForTimeout(500);
  expect(await column(page, 'live-tail', 'product')).not.toContain('Ops Paused Widget');
  expect((await column(page, 'live-tail', 'product'))[0]).toBe('Ops Live Widget');
  await page.click('[data-testid="pause"]');
  await expect
    .poll(async () => (await column(page, 'live-tail', 'product'))[0])
    .toBe('Ops Paused Widget');
  expect(await page.locator('[data-testid="paused-count"]').count()).toBe(0);

  // Only product views: every other type leaves the table, and the URL keeps the choice.
  await page.click('[data-testid="type-filter"] button[data-type="product_viewed"]');
  await page.waitForURL(/types=product_viewed/);
  await expect
    .poll(async () => new Set(await column(page, 'live-tail', 'type')))
    .toEqual(new Set(['product_viewed']));
  expect(await column(page, 'live-tail', 'product')).toContain('Ops Live Widget');
  await d.screenshot(page, 'live');

  expect(errors).toEqual([]);
  await page.close();

  // The link shares the view: the chip comes back pressed, and a page view (sent after the
  // page opened) shows while a product view does not.
  const again = await d.open('/live?types=page_view');
  const chip = again.page.locator('[data-testid="type-filter"] button[data-type="page_view"]');
  expect(await chip.getAttribute('aria-pressed')).toBe('true');
  await expect.poll(() => again.page.textContent('[data-testid="kpi-stream-value"]')).toBe('Live');
  await d.sp.post('/v1/track', viewed('ops-live-3', 'p-ops-live-3', 'Ops Hidden Widget'));
  await d.sp.post('/v1/page', {
    userId: 'ops-live-3',
    name: 'Ops check',
    context: { page: { path: '/ops-live-check' } },
  });
  await expect
    .poll(async () => column(again.page, 'live-tail', 'path'), { timeout: 5_000 })
    .toContain('/ops-live-check');
  expect(new Set(await column(again.page, 'live-tail', 'type'))).toEqual(new Set(['page_view']));
  expect(await column(again.page, 'live-tail', 'product')).not.toContain('Ops Hidden Widget');
  expect(again.errors).toEqual([]);
});

it('shows quarantine by reason, data tests and freshness as the warehouse has them', async () => {
  const tests = await d.sp.rt.models.test({ trigger: 'test' });
  expect(tests.results.length).toBeGreaterThan(10);
  // Freshness comes from the monitor's newest run: the scheduler is off in the harness.
  await d.sp.rt.admin.health({ run: true });
  const api = await d.api<QualityResponse>('/quality');
  expect(api.grain).toBe('day');
  expect(api.buckets).toHaveLength(7);

  // Quarantine by reason, independently: every row's arrival as a local day of the range.
  const wh = await d.sp.query(`
    select reason, count(*)::int as n, count(resolved_at)::int as resolved
    from quarantine
    where cast((received_at at time zone 'UTC') at time zone '${TZ}' as date)
      between date '${api.range.from}' and date '${api.range.to}'
    group by reason`);
  const byReason = Object.fromEntries(wh.map((r) => [r.reason as string, r.n as number]));
  expect(Object.keys(byReason).length).toBeGreaterThan(3);
  expect(Object.fromEntries(api.reasons.map((r) => [r.reason, r.events]))).toEqual(byReason);
  const quarantined = wh.reduce((a, r) => a + (r.n as number), 0);
  expect(api.totals.quarantined).toBe(quarantined);
  expect(api.totals.resolved).toBe(wh.reduce((a, r) => a + (r.resolved as number), 0));
  // The chart's buckets add up to the same per reason.
  for (const [reason, n] of Object.entries(byReason)) {
    expect(api.buckets.reduce((a, b) => a + (b.byReason[reason] ?? 0), 0)).toBe(n);
  }
  // Stored events (from the live counters) against silver itself, by local event day.
  const [stored] = await d.sp.query(`
    select count(*)::int as n from silver_events
    where cast((event_at at time zone 'UTC') at time zone '${TZ}' as date)
      between date '${api.range.from}' and date '${api.range.to}'`);
  expect(api.totals.stored).toBe(stored!.n);
  expect(api.totals.quarantineRate).toBeCloseTo(
    quarantined / (api.totals.stored + quarantined),
    10,
  );
  // Up to 5 samples per reason, the newest, with their raw payload.
  for (const r of api.reasons) {
    const samples = api.samples.filter((s) => s.reason === r.reason);
    expect(samples.length).toBe(Math.min(5, r.events));
  }
  const [newest] = await d.sp.query(`
    select seq, length(raw)::int as len from quarantine
    where reason = '${api.reasons[0]!.reason}' order by seq desc limit 1`);
  const sample = api.samples.find((s) => s.reason === api.reasons[0]!.reason)!;
  expect(sample.seq).toBe(Number(newest!.seq));
  expect(sample.rawLength).toBe(newest!.len);
  expect(sample.raw.length).toBe(Math.min(2048, newest!.len as number));

  // Data tests: the latest result of each, counted by status as ops_test_results has them.
  const statuses = await d.sp.query(`
    with latest as (
      select status, row_number() over (partition by test_name order by started_at desc) as rn
      from ops_test_results)
    select status, count(*)::int as n from latest where rn = 1 group by status`);
  const counts = Object.fromEntries(statuses.map((r) => [r.status as string, r.n as number]));
  for (const s of ['pass', 'warn', 'fail', 'error'] as const) {
    expect(api.tests.counts[s]).toBe(counts[s] ?? 0);
  }
  expect(api.tests.counts.total).toBe(tests.results.length);
  expect(api.tests.counts.pass).toBeGreaterThan(0);

  // Freshness: bronze, silver and every mart the runner keeps state for.
  const [marts] = await d.sp.query(
    `select count(*)::int as n from ops_model_state where model like 'mart\\_%' escape '\\' or model like 'fct\\_%' escape '\\' or model like 'dim\\_%' escape '\\'`,
  );
  expect(api.freshness.filter((f) => f.layer === 'mart')).toHaveLength(marts!.n as number);
  expect(api.freshness.find((f) => f.layer === 'bronze')!.level).toBe('fresh');

  // The page shows the same numbers.
  const { page, errors } = await d.open('/quality?range=7d');
  await page.waitForSelector('[data-testid="quality-reasons"] tbody tr');
  expect(shownNumber(await page.textContent('[data-testid="kpi-quarantined-value"]'))).toBe(
    quarantined,
  );
  const reasons = await column(page, 'quality-reasons', 'reason');
  const events = (await column(page, 'quality-reasons', 'events')).map(shownNumber);
  expect(Object.fromEntries(reasons.map((r, i) => [r, events[i]]))).toEqual(byReason);
  for (const s of ['pass', 'warn', 'fail', 'error'] as const) {
    expect(Number(await page.getAttribute(`[data-testid="tests-${s}"]`, 'data-count'))).toBe(
      counts[s] ?? 0,
    );
  }
  expect(shownNumber(await page.textContent('[data-testid="kpi-failing-tests-value"]'))).toBe(
    (counts.fail ?? 0) + (counts.error ?? 0),
  );
  await page.waitForSelector('[data-testid="quality-tests"] tbody tr');

  // CSV of the reasons: the API's rows, raw values.
  const csv = await csvOf(page, 'quality-reasons');
  expect(csv[0]).toBe('Reason,Events,Share,Of received,Unresolved,Resolved');
  expect(csv.length - 1).toBe(api.reasons.length);
  for (const r of api.reasons) {
    expect(csv).toContain(
      [r.reason, r.events, r.shareOfQuarantined, r.shareOfReceived, r.unresolved, r.resolved].join(
        ',',
      ),
    );
  }

  // Samples follow the reason chosen, kept in the URL.
  const pick = api.reasons.at(-1)!.reason;
  await page.click(`button[data-reason="${pick}"]`);
  await page.waitForURL(new RegExp(`reason=${pick}`));
  const shownSeqs = await page.locator('[data-testid="samples"] summary code').allTextContents();
  expect(shownSeqs).toEqual(
    api.samples.filter((s) => s.reason === pick).map((s) => `seq ${s.seq}`),
  );
  await page.click(`button[data-reason="${api.reasons[0]!.reason}"]`);
  await d.screenshot(page, 'quality');

  // Yesterday only: the KPIs follow the range, and agree with the warehouse again.
  await page.selectOption('select[aria-label="Date range"]', 'yesterday');
  await page.waitForURL(/range=yesterday/);
  const day = await d.api<QualityResponse>(`/quality?from=${api.range.to}&to=${api.range.to}`);
  expect(day.grain).toBe('hour');
  expect(day.buckets).toHaveLength(24);
  const yesterday = new Date(Date.parse(`${api.range.to}T00:00:00Z`) - 86_400_000)
    .toISOString()
    .slice(0, 10);
  const [y] = await d.sp.query(`
    select count(*)::int as n from quarantine
    where cast((received_at at time zone 'UTC') at time zone '${TZ}' as date) = date '${yesterday}'`);
  await expect
    .poll(async () => shownNumber(await page.textContent('[data-testid="kpi-quarantined-value"]')))
    .toBe(y!.n);
  expect(errors).toEqual([]);
});

it('lists the model runs of ops_runs and the last build, with ingest and health', async () => {
  // One more build, incremental, after the events the live test sent, and checks after it.
  const build = await d.sp.rt.models.run({ trigger: 'test' });
  expect(build.status).toBe('success');
  const report = await d.sp.rt.admin.health({ run: true });
  const api = await d.api<PipelineResponse>('/pipeline');
  const runs = await d.sp.query(
    `select run_id, kind, status, succeeded::int as ok, failed::int as failed, skipped::int as skipped
     from ops_runs order by started_at desc`,
  );
  expect(runs.length).toBeGreaterThanOrEqual(3);
  expect(
    api.runs.map((r) => [r.runId, r.kind, r.status, r.succeeded, r.failed, r.skipped]),
  ).toEqual(runs.map((r) => [r.run_id, r.kind, r.status, r.ok, r.failed, r.skipped]));
  expect(api.runs.every((r) => r.durationMs !== null && r.durationMs > 0)).toBe(true);

  // The last build: the newest models run, every model of it in ops_model_runs.
  const last = api.lastModelRun!;
  expect(last.runId).toBe(build.runId);
  expect(last.status).toBe('success');
  const [models] = await d.sp.query(
    `select count(*)::int as n, sum(duration_ms)::int as ms from ops_model_runs where run_id = '${build.runId}'`,
  );
  expect(last.models).toHaveLength(models!.n as number);
  expect(last.models.reduce((a, m) => a + m.durationMs, 0)).toBe(models!.ms);
  expect(last.models.map((m) => m.durationMs)).toEqual(
    [...last.models.map((m) => m.durationMs)].sort((a, b) => b - a),
  );
  expect(last.models.some((m) => m.mode === 'incremental')).toBe(true);

  // Ingest per minute (live counters) against silver: events by event time in the window.
  const first = api.ingest.perMinute[0]!.minute;
  const end = new Date(Date.parse(api.ingest.perMinute.at(-1)!.minute) + 60_000).toISOString();
  expect(api.ingest.perMinute).toHaveLength(60);
  const [ingest] = await d.sp.query(`
    select count(*)::int as n from silver_events
    where event_at >= cast('${first.slice(0, 19).replace('T', ' ')}' as timestamp)
      and event_at < cast('${end.slice(0, 19).replace('T', ' ')}' as timestamp)`);
  expect(api.ingest.perMinute.reduce((a, m) => a + m.events, 0)).toBe(ingest!.n);
  const [counts] = await d.sp.query(`select count(*)::int as n from silver_events`);
  expect(api.warehouse.silverEvents).toBe(counts!.n);
  expect(api.ingest.lagEvents).toBe(0);
  expect(api.ingest.lagUnit).toBe('events');
  // The monitor's report as it is, minus the checks' free-form details.
  expect(api.health.checkedAt).toBe(report.at);
  expect(new Set(api.health.checks.map((c) => c.check))).toEqual(
    new Set(report.checks.map((c) => c.check)),
  );
  const statusOf = (check: string) => api.health.checks.find((c) => c.check === check)?.status;
  expect([statusOf('models.build'), statusOf('lag')]).toEqual(['ok', 'ok']);
  expect(api.alerts.map((a) => a.id)).toEqual(report.alerts.map((a) => a.id));

  // Fewer runs on request.
  const one = await d.api<PipelineResponse>('/pipeline?runs=1');
  expect(one.runs.map((r) => r.runId)).toEqual([runs[0]!.run_id]);

  // The page: the last build's status and the runs table.
  const { page, errors } = await d.open('/pipeline');
  await page.waitForSelector('[data-testid="pipeline-runs"] tbody tr');
  expect(await page.textContent('[data-testid="last-run-status"]')).toBe(last.status);
  expect(shownNumber(await page.textContent('[data-testid="kpi-stored-value"]'))).toBe(
    api.warehouse.silverEvents,
  );
  expect(await page.locator('[data-testid="pipeline-runs"] tbody tr').count()).toBe(runs.length);
  expect(await page.locator('[data-testid="open-alerts"] li').count()).toBe(api.alerts.length);
  expect(await page.locator('[data-testid="health-checks"] tr').count()).toBe(
    api.health.checks.length,
  );

  // Only model builds: the kind goes to the URL and the table follows.
  await page.getByRole('button', { name: 'Model builds' }).click();
  await page.waitForURL(/kind=models/);
  expect(new Set(await column(page, 'pipeline-runs', 'kind'))).toEqual(new Set(['models']));
  expect(await page.locator('[data-testid="pipeline-runs"] tbody tr').count()).toBe(
    runs.filter((r) => r.kind === 'models').length,
  );
  const csv = await csvOf(page, 'pipeline-runs');
  expect(csv.length - 1).toBe(runs.filter((r) => r.kind === 'models').length);
  expect(csv[1]).toContain(build.runId);

  // A failing data test shows since its first failure.
  const at = new Date(Date.now() - 10 * 60_000).toISOString();
  const sqlAt = at.replace('T', ' ').slice(0, 23);
  await d.sp
    .query(`insert into ops_runs (run_id, kind, trigger, started_at, finished_at, status, selected, succeeded, failed, skipped)
    values ('zz-failing', 'tests', 'test', '${sqlAt}', '${sqlAt}', 'fail', 1, 0, 1, 0)`);
  await d.sp
    .query(`insert into ops_test_results (run_id, test_name, model, column_name, test_type, severity, status, failures, sample, error, started_at, duration_ms)
    values ('zz-failing', 'ops_synthetic_check', 'mart_daily_kpis', null, 'expression_is_true', 'error', 'fail', 7, '[{"day":"2026-01-01"}]', null, '${sqlAt}', 5)`);
  const failing = await d.api<QualityResponse>('/quality');
  expect(failing.tests.results.find((t) => t.name === 'ops_synthetic_check')).toMatchObject({
    status: 'fail',
    failures: 7,
    failingSince: at,
    sample: [{ day: '2026-01-01' }],
  });
  expect(errors).toEqual([]);
});
