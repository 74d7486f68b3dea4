import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CustomersResponse } from '../../src/serve/api/types.js';
import { dashboardInstance, shownNumber, type DashboardInstance } from './harness.js';

const DAY_MS = 86_400_000;
const TZ = 'America/New_York';

let d: DashboardInstance;
/** The history orders sent on top of the harness's two days. */
let historyOrders = 0;

/**
 * The harness's shop covers two days: one cohort, no later period. So 60 known customers get
 * orders 21 to ~120 days back (some stop after 1-3 orders, so some churn), and 8 anonymous
 * browsers visit 35-135 days back. Nothing is sent 4-20 days back, so the week two weeks ago
 * is a cohort nobody started in (for both bases). Then the models are rebuilt.
 */
async function seedHistory(): Promise<number> {
  const now = Date.now();
  const at = (daysAgo: number, i: number) =>
    new Date(now - daysAgo * DAY_MS + ((i * 53) % 600) * 60_000).toISOString();
  const batch: unknown[] = [];
  let orders = 0;
  for (let i = 0; i < 60; i++) {
    const userId = `hist-${String(i).padStart(2, '0')}`;
    const first = 21 + ((i * 37) % 100);
    const maxOrders = i % 4 === 1 ? 1 + (i % 3) : 99;
    batch.push({
      type: 'identify',
      userId,
      timestamp: at(first, i),
      traits: {
        email: `${userId}@example.com`,
        country: ['United States', 'Germany', 'France', 'United Kingdom'][i % 4],
      },
    });
    for (let n = 0, ago = first; ago >= 21 && n < maxOrders; n++) {
      const price = (10 + ((i * 17 + n * 5) % 90)).toFixed(2);
      batch.push({
        type: 'track',
        event: 'Order Completed',
        userId,
        timestamp: at(ago, i),
        properties: {
          order_id: `H-${userId}-${n}`,
          revenue: price,
          currency: 'USD',
          products: [{ product_id: `hp-${i % 7}`, name: `Classic ${i % 7}`, price, quantity: 1 }],
        },
      });
      orders++;
      ago -= 7 + ((i * 11 + n * 13) % (i % 3 === 0 ? 20 : 60));
    }
  }
  for (let i = 0; i < 8; i++) {
    const anonymousId = `hist-anon-${i}`;
    const ago = i < 5 ? 35 + i * 10 : 100 + i * 5;
    batch.push({ type: 'page', anonymousId, timestamp: at(ago, i), properties: { path: '/' } });
    if (i < 5) {
      batch.push({
        type: 'track',
        event: 'Product Viewed',
        anonymousId,
        timestamp: at(ago, i),
        properties: { product_id: 'hp-1', price: '20.00' },
      });
    }
  }
  const res = await d.sp.post('/v1/batch', { batch });
  if (res.status !== 200) throw new Error(`history refused: ${JSON.stringify(res.json)}`);
  await d.sp.rt.processor.drain();
  const run = await d.sp.rt.models.run({ fullRefresh: true, trigger: 'test' });
  const failed = run.models.filter((m) => m.status !== 'success');
  if (failed.length > 0) throw new Error(`models failed: ${JSON.stringify(failed)}`);
  return orders;
}

beforeAll(async () => {
  d = await dashboardInstance();
  historyOrders = await seedHistory();
}, 120_000);
afterAll(async () => d?.close());

/** A CSV text as rows of fields (RFC 4180 quoting, as papaparse writes it). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The first day of the month `n` months after the month of `day` (YYYY-MM-DD). */
function monthStart(day: string, n: number): string {
  const d0 = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d0.setUTCMonth(d0.getUTCMonth() + n);
  return d0.toISOString().slice(0, 10);
}

const localDay = (column: string) =>
  `cast((${column} at time zone 'UTC') at time zone '${TZ}' as date)`;

async function download(page: Page, testId: string): Promise<string[][]> {
  const table = page.locator(`[data-testid="${testId}"]`);
  await table.locator('tbody tr').first().waitFor();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    table.getByRole('button', { name: /CSV/ }).click(),
  ]);
  return parseCsv((await readFile(await file.path(), 'utf8')).trim());
}

it('counts customers, segments and cohorts as the warehouse does', async () => {
  const [sent] = await d.sp.query(
    `select cast(count(*) as integer) as n from silver_orders where order_id like 'H-hist-%'`,
  );
  expect(sent!.n).toBe(historyOrders);

  const api = await d.api<CustomersResponse>('/customers');
  expect(api.cohort).toBe('month');
  expect(api.basis).toBe('first_order');

  // Customers: every RFM segment customer, every grid cell, is a user with an order in silver.
  const [wh] = await d.sp.query(`
    select
      cast(count(*) as integer) as customers,
      cast(count(*) filter (where orders >= 2) as integer) as repeaters
    from (select user_key, count(*) as orders from silver_orders group by user_key) c`);
  expect(api.kpis.customers).toBeGreaterThan(100);
  expect(api.segments.map((s) => s.segment)).toEqual([
    'Champion',
    'Loyal',
    'Potential',
    'At Risk',
    'Lost',
  ]);
  expect(api.segments.reduce((n, s) => n + s.customers, 0)).toBe(api.kpis.customers);
  expect(api.rfGrid).toHaveLength(25);
  expect(api.rfGrid.reduce((n, c) => n + c.customers, 0)).toBe(api.kpis.customers);
  expect(api.kpis.customers).toBe(wh!.customers);
  expect(api.kpis.repeatCustomers).toBe(wh!.repeaters);
  expect(api.kpis.repeatRate).toBeCloseTo(Number(wh!.repeaters) / Number(wh!.customers), 10);
  expect(api.lifecycle.reduce((n, s) => n + s.users, 0)).toBe(api.kpis.usersSeen);
  expect(api.lifecycle.filter((s) => s.customers > 0).map((s) => s.stage)).toEqual(
    expect.arrayContaining(['Loyal', 'Active Buyer', 'Churned Buyer']),
  );

  // The top customer's lifetime value: net product revenue from silver orders and refunds.
  const top = api.topCustomers[0]!;
  const [ltv] = await d.sp.query(`
    with o as (
      select o.order_id, o.revenue,
        least(o.revenue, coalesce((select sum(coalesce(r.amount, o.revenue)) from silver_refunds r
          where r.order_id = o.order_id), 0)) as refunded
      from silver_orders o where o.user_key = '${top.userKey.replace(/'/g, "''")}')
    select cast(count(*) as integer) as orders, cast(sum(revenue - refunded) as varchar) as net from o`);
  expect(top.orders).toBe(ltv!.orders);
  expect(Number(top.lifetimeValue)).toBeCloseTo(Number(ltv!.net), 4);
  const values = api.topCustomers.map((c) => Number(c.lifetimeValue));
  expect(values).toEqual([...values].sort((a, b) => b - a));

  // Monthly first-order cohorts: size and period-1 buyers recomputed from silver_orders
  // (month of the first order, local to New York; distinct buyers the next month).
  const measured = api.cohorts.rows.filter(
    (c) => c.cohortSize > 0 && c.periods.some((p) => p.periodNumber === 1),
  );
  expect(measured.length).toBeGreaterThanOrEqual(2);
  for (const cohort of measured) {
    const from = cohort.cohortStart;
    const [x] = await d.sp.query(`
      with firsts as (
        select user_key, min(${localDay('ordered_at')}) as first_day
        from silver_orders group by user_key
      ),
      cohort as (
        select user_key from firsts
        where first_day >= cast('${from}' as date) and first_day < cast('${monthStart(from, 1)}' as date)
      )
      select
        cast((select count(*) from cohort) as integer) as size,
        cast((select count(distinct o.user_key) from silver_orders o join cohort c on c.user_key = o.user_key
          where ${localDay('o.ordered_at')} >= cast('${monthStart(from, 1)}' as date)
            and ${localDay('o.ordered_at')} < cast('${monthStart(from, 2)}' as date)) as integer) as next_month`);
    const p1 = cohort.periods.find((p) => p.periodNumber === 1)!;
    expect({ cohort: from, size: cohort.cohortSize, active: p1.activeUsers }).toEqual({
      cohort: from,
      size: x!.size,
      active: x!.next_month,
    });
    expect(p1.retention).toBeCloseTo(Number(x!.next_month) / Number(x!.size), 10);
  }
  expect(measured.some((c) => c.periods[1]!.activeUsers > 0)).toBe(true);
  // Exactly the last period of each cohort is the current, incomplete one.
  for (const c of api.cohorts.rows) {
    expect(c.periods.map((p) => p.isCurrentPeriod)).toEqual(
      c.periods.map((_, i) => i === c.periods.length - 1),
    );
  }

  // Weekly: the week two weeks ago had no first order (nothing was sent then): shown, empty.
  const weekly = await d.api<CustomersResponse>('/customers?cohort=week&basis=first_visit');
  expect(weekly.cohort).toBe('week');
  const empty = weekly.cohorts.rows.filter((c) => c.cohortSize === 0);
  expect(empty.length).toBeGreaterThan(0);
  for (const c of empty) expect(c.periods.every((p) => p.retention === null)).toBe(true);
  expect(weekly.cohorts.rows.map((c) => c.cohortStart)).not.toEqual(
    api.cohorts.rows.map((c) => c.cohortStart),
  );

  // Hot leads and the lists follow `limit`; bad parameters are refused.
  const small = await d.api<CustomersResponse>('/customers?limit=3');
  expect(small.topCustomers).toEqual(api.topCustomers.slice(0, 3));
  expect(small.hotLeads.map((h) => h.rank)).toEqual(api.hotLeads.slice(0, 3).map((h) => h.rank));
  expect(api.hotLeads.length).toBe(Math.min(50, api.kpis.hotLeads));
  for (const bad of ['limit=0', 'limit=501', 'cohort=year', 'basis=signup', 'cohorts=0']) {
    const res = await fetch(`${d.sp.url}/api/v1/customers?${bad}`);
    expect(res.status, bad).toBe(400);
  }
});

it('shows the numbers of the API, keeps the cohort view in the URL and exports CSV', async () => {
  const { page, errors } = await d.open('/customers');
  await page.waitForSelector('[data-testid="kpi-customers-value"]');
  const api = await d.api<CustomersResponse>('/customers');
  const shown = async (id: string) =>
    shownNumber(await page.textContent(`[data-testid="kpi-${id}-value"]`));
  expect(await shown('customers')).toBe(api.kpis.customers);
  expect(await shown('hot-leads')).toBe(api.kpis.hotLeads);
  expect(await shown('average-ltv')).toBeCloseTo(Number(api.kpis.averageLtv), 2);
  expect(Math.abs((await shown('repeat-rate')) - api.kpis.repeatRate!)).toBeLessThan(0.0006);

  // RFM segment counts in the segment table.
  const segments = page.locator('[data-testid="rfm-segments"] tbody tr');
  await expect.poll(() => segments.count()).toBe(5);
  for (let i = 0; i < 5; i++) {
    const row = segments.nth(i);
    expect(await row.locator('td[data-col="segment"]').textContent()).toBe(
      api.segments[i]!.segment,
    );
    expect(shownNumber(await row.locator('td[data-col="customers"]').textContent())).toBe(
      api.segments[i]!.customers,
    );
  }
  // The two heat maps: R x F (ECharts canvas) and the cohort matrix.
  const heat = page.locator('[role="img"][aria-label="Recency × frequency heat map of customers"]');
  await expect.poll(() => heat.count()).toBe(1);
  expect(await heat.locator('canvas').count()).toBeGreaterThan(0);
  const cohortRows = page.locator('[data-testid="cohorts"] tbody tr');
  await expect.poll(() => cohortRows.count()).toBe(api.cohorts.rows.length);
  const last = api.cohorts.rows.at(-1)!;
  expect(
    shownNumber(await cohortRows.last().locator('td[data-col="cohortSize"]').textContent()),
  ).toBe(last.cohortSize);
  expect(await cohortRows.last().locator('td[data-col="p0"] [data-current="true"]').count()).toBe(
    1,
  );

  // Weekly cohorts: the URL and the API call follow the toggle.
  const [request] = await Promise.all([
    page.waitForRequest((r) => /\/api\/v1\/customers\?.*cohort=week/.test(r.url())),
    page
      .getByRole('group', { name: 'Cohort grain' })
      .getByRole('button', { name: 'Weekly' })
      .click(),
  ]);
  expect(new URL(request.url()).searchParams.get('basis')).toBe('first_order');
  await page.waitForURL(/[?&]cohort=week/);
  const weekly = await d.api<CustomersResponse>('/customers?cohort=week');
  await expect.poll(() => cohortRows.count()).toBe(weekly.cohorts.rows.length);
  expect(weekly.cohorts.rows.length).not.toBe(api.cohorts.rows.length);
  expect(await page.locator('[data-testid="cohorts"]').textContent()).toContain('no new buyers');

  // A shared link opens the same view.
  const shared = await d.open('/customers?cohort=week&basis=first_visit');
  const grain = shared.page.getByRole('group', { name: 'Cohort grain' });
  await expect
    .poll(() => grain.getByRole('button', { name: 'Weekly' }).getAttribute('aria-pressed'))
    .toBe('true');
  expect(
    await shared.page
      .getByRole('group', { name: 'Cohort basis' })
      .getByRole('button', { name: 'First visit' })
      .getAttribute('aria-pressed'),
  ).toBe('true');
  expect(shared.errors).toEqual([]);
  await shared.page.close();

  // Back to months for the screenshot.
  await page
    .getByRole('group', { name: 'Cohort grain' })
    .getByRole('button', { name: 'Monthly' })
    .click();
  await page.waitForURL((u) => !u.search.includes('cohort='));
  await expect.poll(() => cohortRows.count()).toBe(api.cohorts.rows.length);
  await page.waitForTimeout(400);
  await d.screenshot(page, 'customers');
  expect(errors).toEqual([]);
});

it('exports the top customers as CSV, row for row as the API gives them', async () => {
  const { page, errors } = await d.open('/customers');
  const api = await d.api<CustomersResponse>('/customers');
  const csv = await download(page, 'top-customers');
  expect(csv[0]).toEqual([
    'User',
    'Email',
    'Country',
    'Orders',
    'Lifetime value',
    'AOV',
    'Last order',
    'Stage',
    'RFM segment',
  ]);
  expect(csv.slice(1)).toEqual(
    api.topCustomers.map((c) => [
      c.userKey,
      c.email ?? '',
      c.country,
      String(c.orders),
      c.lifetimeValue,
      c.aov ?? '',
      c.lastOrderDay,
      c.lifecycleStage,
      c.rfmSegment,
    ]),
  );
  expect(csv.length - 1).toBe(50);
  const leads = await download(page, 'hot-leads');
  expect(leads.length - 1).toBe(api.hotLeads.length);
  expect(leads[1]![1]).toBe(api.hotLeads[0]!.userKey);
  expect(errors).toEqual([]);
});
