import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OverviewResponse } from '../../src/serve/api/types.js';
import { dashboardInstance, shownNumber, type DashboardInstance } from './harness.js';

let d: DashboardInstance;
beforeAll(async () => {
  d = await dashboardInstance();
}, 120_000);
afterAll(async () => d?.close());

it('shows the KPIs of the API and of the warehouse, and follows the date range', async () => {
  const { page, errors } = await d.open('/overview?range=7d');
  await page.waitForSelector('[data-testid="kpi-orders-value"]');
  const api = await d.api<OverviewResponse>(`/overview`);
  const shown = async (id: string) =>
    shownNumber(await page.textContent(`[data-testid="kpi-${id}-value"]`));
  expect(await shown('orders')).toBe(api.kpis.orders);
  expect(await shown('sessions')).toBe(api.kpis.sessions);
  expect(await shown('active-users')).toBe(api.kpis.activeUsers);
  expect(await shown('net-revenue')).toBeCloseTo(Number(api.kpis.netRevenue), 2);
  expect(api.kpis.orders).toBeGreaterThan(10);

  // The warehouse, independently of the marts: orders and net product revenue from silver.
  const [wh] = await d.sp.query(`
    with o as (
      select o.order_id, o.revenue,
        least(o.revenue, coalesce((select sum(coalesce(r.amount, o.revenue)) from silver_refunds r
          where r.order_id = o.order_id), 0)) as refunded
      from silver_orders o
      where cast((o.ordered_at at time zone 'UTC') at time zone 'America/New_York' as date)
        between cast('${api.range.from}' as date) and cast('${api.range.to}' as date))
    select count(*)::int as orders, cast(sum(revenue - refunded) as varchar) as net from o`);
  expect(api.kpis.orders).toBe(wh!.orders);
  expect(Number(api.kpis.netRevenue)).toBeCloseTo(Number(wh!.net), 4);

  // Yesterday only: the URL keeps it and the cards show that day's numbers.
  await page.selectOption('select[aria-label="Date range"]', 'yesterday');
  await page.waitForURL(/range=yesterday/);
  const day = await d.api<OverviewResponse>(`/overview?from=${api.range.to}&to=${api.range.to}`);
  const yesterday = await d.api<OverviewResponse>(
    `/overview?from=${day.previous.from}&to=${day.previous.to}`,
  );
  await expect.poll(async () => shown('orders'), { timeout: 10_000 }).toBe(yesterday.kpis.orders);
  await d.screenshot(page, 'overview');
  expect(errors).toEqual([]);
});

it('exports the top products table as CSV', async () => {
  const { page, errors } = await d.open('/overview?range=7d');
  const api = await d.api<OverviewResponse>(`/overview`);
  const table = page.locator('[data-testid="top-products"]');
  await table.locator('tbody tr').first().waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    table.getByRole('button', { name: /CSV/ }).click(),
  ]);
  const csv = (await readFile(await download.path(), 'utf8')).trim().split(/\r?\n/);
  expect(csv[0]).toBe('Product,Units,Net revenue');
  expect(csv.length - 1).toBe(api.topProducts.length);
  const first = api.topProducts[0]!;
  expect(csv).toContain(
    `${first.name.includes(',') ? `"${first.name}"` : first.name},${first.units},${first.netRevenue}`,
  );
  expect(errors).toEqual([]);
});

it('shows a purchase sent over HTTP in the live chart within 2 seconds', async () => {
  const { page, errors } = await d.open('/overview');
  await page.waitForSelector('[data-testid="live-orders"]');
  await page.waitForTimeout(500);
  const before = shownNumber(await page.textContent('[data-testid="live-orders"]'));
  const revenueBefore = shownNumber(await page.textContent('[data-testid="live-revenue"]'));
  const res = await d.sp.post('/v1/track', {
    type: 'track',
    userId: 'live-buyer',
    event: 'Order Completed',
    properties: {
      order_id: 'LIVE-1',
      products: [{ product_id: 'p-live', price: '123.45', quantity: 1 }],
    },
  });
  expect(res.status).toBe(200);
  const acked = Date.now();
  await expect
    .poll(async () => shownNumber(await page.textContent('[data-testid="live-orders"]')), {
      timeout: 5_000,
      interval: 50,
    })
    .toBe(before + 1);
  const latency = Date.now() - acked;
  expect(latency).toBeLessThan(2_000);
  expect(shownNumber(await page.textContent('[data-testid="live-revenue"]'))).toBeCloseTo(
    revenueBefore + 123.45,
    2,
  );
  expect(errors).toEqual([]);
});
