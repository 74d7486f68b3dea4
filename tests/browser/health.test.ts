import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MetaResponse, PipelineResponse } from '../../src/serve/api/types.js';
import { dashboardInstance, type DashboardInstance } from './harness.js';

let d: DashboardInstance;
beforeAll(async () => {
  d = await dashboardInstance();
}, 120_000);
afterAll(async () => d?.close());

/** Only the daily KPIs' tests: the `models.tests` check then judges exactly these. */
const testKpis = () => d.sp.rt.models.test({ select: ['mart_daily_kpis'], trigger: 'test' });
const runChecks = () => d.sp.rt.admin.health({ run: true });
const badge = (page: Page) => page.locator('[data-testid="health-badge"]');
const openAlert = (page: Page) =>
  page.locator('[data-testid="open-alerts"] li[data-check="models.tests"]');

it('shows a failing data test as an open alert on the Pipeline page and in the header, and as resolved in the history once fixed', async () => {
  expect((await testKpis()).status).toBe('pass');
  expect((await runChecks()).alerts.map((a) => a.check)).not.toContain('models.tests');

  // The page is open before anything breaks: its refresh and the badge's must pick it up.
  const { page, errors } = await d.open('/overview');
  await badge(page).waitFor();
  expect(await badge(page).getAttribute('title')).not.toMatch(/Data tests failing/);

  // A second row for one day breaks the grain of the daily KPIs.
  await d.sp.query('insert into mart_daily_kpis select * from mart_daily_kpis limit 1');
  expect((await testKpis()).status).toBe('fail');
  const failing = await runChecks();
  const alert = failing.alerts.find((a) => a.check === 'models.tests')!;
  expect(alert).toMatchObject({ severity: 'critical', state: 'open', title: 'Data tests failing' });
  expect(alert.detail).toMatch(/grain_unique_mart_daily_kpis/);

  // The API: the open alert, the check, and the history entry, as the monitor has them.
  const api = await d.api<PipelineResponse>('/pipeline');
  expect(api.health.status).toBe('critical');
  expect(api.health.reasons).toContain(alert.detail);
  expect(api.health.checks.find((c) => c.check === 'models.tests')).toEqual({
    check: 'models.tests',
    status: 'critical',
    summary: alert.detail,
    value: alert.value,
    unit: 'tests',
  });
  expect(api.alerts.find((a) => a.check === 'models.tests')).toEqual({
    id: alert.id,
    check: 'models.tests',
    severity: 'critical',
    title: alert.title,
    detail: alert.detail,
    value: alert.value,
    unit: 'tests',
    openedAt: alert.openedAt,
    updatedAt: alert.updatedAt,
  });
  // Critical first.
  expect(api.alerts.map((a) => a.severity)).toEqual([...api.alerts.map((a) => a.severity)].sort());
  expect(api.alertHistory.find((a) => a.id === alert.id)).toMatchObject({
    state: 'open',
    resolvedAt: null,
  });

  // The header's badge turns critical with the reason in its tooltip, without a reload
  // (the meta refresh), and leads to the Pipeline page.
  await expect
    .poll(() => badge(page).getAttribute('title'), { timeout: 20_000, interval: 500 })
    .toContain(alert.detail);
  expect(await badge(page).getAttribute('data-status')).toBe('critical');
  expect(await badge(page).textContent()).toContain('critical');
  await badge(page).click();
  await page.waitForURL(/\/pipeline/);
  await openAlert(page).waitFor();
  expect(await openAlert(page).textContent()).toContain('Data tests failing');
  expect(await openAlert(page).textContent()).toContain(alert.detail);
  expect(await openAlert(page).getAttribute('class')).toBe('critical');
  expect(await page.textContent('[data-testid="health-status"]')).toBe('critical');
  expect(await page.textContent('[data-testid="kpi-health-value"]')).toBe('critical');
  expect(await page.locator('[data-testid="health-reasons"] li').allTextContents()).toContain(
    alert.detail,
  );
  const row = page.locator('[data-testid="health-checks"] tr[data-check="models.tests"]');
  expect(await row.getAttribute('data-status')).toBe('critical');
  expect(await historyStates(page)).toContain('open');
  await d.screenshot(page, 'pipeline');

  // Fixed: the duplicate goes, the tests pass, the next checks resolve the alert.
  await d.sp.query(
    'delete from mart_daily_kpis where rowid = (select max(rowid) from mart_daily_kpis)',
  );
  expect((await testKpis()).status).toBe('pass');
  const fixed = await runChecks();
  expect(fixed.alerts.map((a) => a.check)).not.toContain('models.tests');

  const after = await d.api<PipelineResponse>('/pipeline');
  const resolved = after.alertHistory.find((a) => a.id === alert.id)!;
  expect(resolved).toMatchObject({ state: 'resolved', openedAt: alert.openedAt });
  expect(resolved.resolvedAt).toBe(fixed.at);
  expect(resolved.durationMs).toBe(Date.parse(fixed.at) - Date.parse(alert.openedAt));
  expect(after.alerts.map((a) => a.check)).not.toContain('models.tests');

  // The page follows on its own refresh: no open alert for the check, resolved in the history.
  await expect.poll(() => openAlert(page).count(), { timeout: 15_000 }).toBe(0);
  const resolvedRow = page
    .locator('[data-testid="alert-history"] tbody tr')
    .filter({ hasText: 'models.tests' })
    .first();
  expect(await resolvedRow.locator('td[data-col="state"]').textContent()).toBe('resolved');
  expect(await resolvedRow.locator('td[data-col="resolvedAt"]').textContent()).not.toBe('open');
  const csv = await historyCsv(page);
  expect(csv[0]).toBe('State,Severity,Alert,Check,Opened,Resolved,Duration,Detail');
  expect(csv.some((l) => l.startsWith(`resolved,critical,Data tests failing,models.tests,`))).toBe(
    true,
  );
  expect(csv).toHaveLength(after.alertHistory.length + 1);

  // The badge drops the reason and agrees with /meta.
  const meta = await d.api<MetaResponse>('/meta');
  expect(meta.health.reasons).not.toContain(alert.detail);
  await expect
    .poll(() => badge(page).getAttribute('title'), { timeout: 20_000, interval: 500 })
    .not.toContain('Data tests failing');
  expect(await badge(page).getAttribute('data-status')).toBe(meta.health.status);
  expect(errors).toEqual([]);
}, 90_000);

const historyStates = (page: Page) =>
  page.locator('[data-testid="alert-history"] td[data-col="state"]').allTextContents();

async function historyCsv(page: Page): Promise<string[]> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-testid="alert-history"]').getByRole('button', { name: /CSV/ }).click(),
  ]);
  return (await readFile(await download.path(), 'utf8')).trim().split(/\r?\n/);
}
