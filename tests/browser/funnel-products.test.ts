import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunnelResponse, ProductsResponse } from '../../src/serve/api/types.js';
import { dashboardInstance, shownNumber, type DashboardInstance } from './harness.js';

const TZ = 'America/New_York';
const LOCAL_DAY = (col: string) =>
  `cast(cast((${col} at time zone 'UTC') at time zone '${TZ}' as date) as varchar)`;

let d: DashboardInstance;
beforeAll(async () => {
  d = await dashboardInstance();
}, 120_000);
afterAll(async () => d?.close());

/** The CSV a DataTable exports, as lines. */
async function downloadCsv(page: Page, testId: string): Promise<string[]> {
  const table = page.locator(`[data-testid="${testId}"]`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    table.getByRole('button', { name: /CSV/ }).click(),
  ]);
  return (await readFile(await download.path(), 'utf8')).trim().split(/\r?\n/);
}

// ---------------------------------------------------------------------------------------------
// Funnel
// ---------------------------------------------------------------------------------------------

interface Ev {
  user: string;
  type: string;
  at: number;
  day: string;
  device: string;
  id: string;
}

const STEP_EVENTS = ['product_viewed', 'product_added', 'checkout_started', 'order_completed'];

/**
 * The user-level funnel computed here from silver_events, independently of the models: a
 * user enters on each local day with a non-bot page view, at its first one; step k is the
 * first step-k event at or after step k-1 and at most `hours` after the entry. Over the range
 * a user counts once, at the furthest step of any of their entries in it, under the device of
 * their first entry in it.
 */
async function userFunnel(from: string, to: string, hours: number) {
  const rows = (await d.sp.query(`
    select user_key as "user", event_type as type, cast(epoch_ms(event_at) as double) as at,
      ${LOCAL_DAY('event_at')} as day, device_type as device, message_id as id
    from silver_events
    where not is_bot
      and event_type in ('page_view', 'product_viewed', 'product_added', 'checkout_started', 'order_completed')
    order by user_key, event_at, message_id`)) as unknown as Ev[];
  const byUser = new Map<string, Ev[]>();
  for (const r of rows) {
    const list = byUser.get(r.user) ?? [];
    list.push({ ...r, at: Number(r.at) });
    byUser.set(r.user, list);
  }
  const users = new Map<string, { reached: number; device: string }>();
  const daily = new Map<string, number[]>();
  for (const [user, evs] of byUser) {
    const entries = new Map<string, Ev>();
    for (const e of evs) {
      if (e.type === 'page_view' && e.day >= from && e.day <= to && !entries.has(e.day)) {
        entries.set(e.day, e);
      }
    }
    for (const [day, entry] of entries) {
      let t = entry.at;
      let reached = 1;
      for (const type of STEP_EVENTS) {
        const hit = evs.find(
          (e) => e.type === type && e.at >= t && e.at <= entry.at + hours * 3_600_000,
        );
        if (!hit) break;
        t = hit.at;
        reached++;
      }
      const counts = daily.get(day) ?? [0, 0, 0, 0, 0];
      for (let k = 0; k < reached; k++) counts[k]!++;
      daily.set(day, counts);
      const u = users.get(user);
      // Entries come in time order, so the first one seen is the user's first in the range.
      users.set(user, {
        reached: Math.max(u?.reached ?? 0, reached),
        device: u?.device ?? entry.device,
      });
    }
  }
  const count = (list: { reached: number }[]) =>
    [1, 2, 3, 4, 5].map((k) => list.filter((u) => u.reached >= k).length);
  const all = [...users.values()];
  const devices = [...new Set(all.map((u) => u.device))];
  return {
    steps: count(all),
    byDevice: Object.fromEntries(
      devices.map((dv) => [dv, count(all.filter((u) => u.device === dv))]),
    ),
    daily,
  };
}

const counts = (f: FunnelResponse) => f.steps.map((s) => s.count);

function expectNested(f: FunnelResponse) {
  const c = counts(f);
  for (let k = 1; k < 5; k++) expect(c[k]).toBeLessThanOrEqual(c[k - 1]!);
  f.steps.forEach((s, i) => {
    if (i > 0) {
      expect(s.dropOff).toBe(c[i - 1]! - c[i]!);
      expect(s.stepConversion).toBeCloseTo(c[i]! / c[i - 1]!, 10);
    }
    expect(s.overallConversion).toBeCloseTo(c[i]! / c[0]!, 10);
  });
}

const shownSteps = async (page: Page) =>
  Promise.all(
    [1, 2, 3, 4, 5].map(async (k) =>
      shownNumber(await page.textContent(`[data-testid="step-${k}-count"]`)),
    ),
  );

describe('funnel', () => {
  it('counts distinct users per step exactly as an independent computation over silver', async () => {
    const api = await d.api<FunnelResponse>('/funnel');
    const { from, to } = api.range;
    expect(api.level).toBe('user');
    expect(api.windowHours).toBe(24);
    expect(api.steps[0]!.count).toBeGreaterThan(50);
    expect(api.steps[4]!.count).toBeGreaterThan(5);
    expectNested(api);

    // Step 1 alone, in SQL: distinct users with a non-bot page view on a local day in the range.
    const [pv] = await d.sp.query(`
      select cast(count(distinct user_key) as integer) as users from silver_events
      where event_type = 'page_view' and not is_bot
        and ${LOCAL_DAY('event_at')} between '${from}' and '${to}'`);
    expect(api.steps[0]!.count).toBe(Number(pv!.users));

    // Every step, for a 24 h and a 1 h window, and per device.
    const mine24 = await userFunnel(from, to, 24);
    expect(counts(api)).toEqual(mine24.steps);
    const api1 = await d.api<FunnelResponse>(`/funnel?from=${from}&to=${to}&window=1`);
    const mine1 = await userFunnel(from, to, 1);
    expect(api1.windowHours).toBe(1);
    expect(counts(api1)).toEqual(mine1.steps);
    expectNested(api1);
    counts(api1).forEach((c, i) => expect(c).toBeLessThanOrEqual(counts(api)[i]!));
    expect(api1.steps[0]!.count).toBe(api.steps[0]!.count);
    // A later step is lost with a 1-hour window (the generated shoppers sometimes come back).
    expect(api1.steps[4]!.count).toBeLessThan(api.steps[4]!.count);

    const byDevice = await d.api<FunnelResponse>(`/funnel?from=${from}&to=${to}&breakdown=device`);
    expect(byDevice.byValue.length).toBeGreaterThan(1);
    expect(byDevice.byValue.every((v) => !v.isOther)).toBe(true);
    expect(Object.fromEntries(byDevice.byValue.map((v) => [v.value, v.counts]))).toEqual(
      mine24.byDevice,
    );

    // Per entry day: the users who entered that day; distinct over the range, never their sum.
    for (const day of api.daily) {
      expect(day.counts).toEqual(mine24.daily.get(day.day) ?? [0, 0, 0, 0, 0]);
    }
    const sumOfDays = api.daily.reduce((s, x) => s + x.counts[0]!, 0);
    expect(sumOfDays).toBeGreaterThanOrEqual(api.steps[0]!.count);
  }, 60_000);

  it('counts sessions with a page view at session level, where the window does not apply', async () => {
    const user = await d.api<FunnelResponse>('/funnel');
    const { from, to } = user.range;
    const api = await d.api<FunnelResponse>(`/funnel?from=${from}&to=${to}&level=session&window=1`);
    expect(api.level).toBe('session');
    expect(api.windowHours).toBeNull();
    expectNested(api);
    const [s] = await d.sp.query(`
      select cast(count(*) as integer) as sessions from int_sessions s
      where session_day between cast('${from}' as date) and cast('${to}' as date)
        and exists (select 1 from silver_events e where e.user_key = s.user_key and not e.is_bot
          and e.event_type = 'page_view' and e.event_at between s.session_start and s.session_end)`);
    expect(api.steps[0]!.count).toBe(Number(s!.sessions));
    expect(api.steps[0]!.count).not.toBe(user.steps[0]!.count);

    // Breakdown rows: at most 8 values and "other", adding up to the totals.
    const byCountry = await d.api<FunnelResponse>(
      `/funnel?from=${from}&to=${to}&level=session&breakdown=country`,
    );
    expect(byCountry.byValue.filter((v) => !v.isOther).length).toBeLessThanOrEqual(8);
    for (let k = 0; k < 5; k++) {
      expect(byCountry.byValue.reduce((sum, v) => sum + v.counts[k]!, 0)).toBe(counts(api)[k]);
    }
  });

  it('rejects a window outside 1..24 hours', async () => {
    const res = await fetch(`${d.sp.url}/api/v1/funnel?window=25`);
    expect(res.status).toBe(400);
  });

  it('shows the API’s steps and keeps level, window and breakdown in the URL', async () => {
    const { page, errors } = await d.open('/funnel?range=7d');
    await page.waitForSelector('[data-testid="step-1-count"]');
    const api = await d.api<FunnelResponse>('/funnel');
    expect(await shownSteps(page)).toEqual(counts(api));
    expect(shownNumber(await page.textContent('[data-testid="kpi-overall-value"]'))).toBeCloseTo(
      api.overallConversion!,
      3,
    );
    const q = `from=${api.range.from}&to=${api.range.to}`;

    // Sessions: the URL says so, the numbers change to the session funnel, the window is off.
    const level = page.getByRole('group', { name: 'Level' });
    await level.getByRole('button', { name: 'Sessions' }).click();
    await page.waitForURL(/level=session/);
    const sessions = await d.api<FunnelResponse>(`/funnel?${q}&level=session`);
    await expect.poll(() => shownSteps(page), { timeout: 10_000 }).toEqual(counts(sessions));
    expect(counts(sessions)).not.toEqual(counts(api));
    const windows = page.getByRole('group', { name: 'Conversion window' });
    expect(await windows.getByRole('button', { name: '1 h' }).isDisabled()).toBe(true);

    // Back to users with a 1-hour window.
    await level.getByRole('button', { name: 'Users' }).click();
    await page.waitForURL((u) => !u.search.includes('level='));
    await windows.getByRole('button', { name: '1 h' }).click();
    await page.waitForURL(/window=1\b/);
    const oneHour = await d.api<FunnelResponse>(`/funnel?${q}&window=1`);
    await expect.poll(() => shownSteps(page), { timeout: 10_000 }).toEqual(counts(oneHour));

    // A shared link opens the same view.
    const link = page.url();
    const again = await d.open(link.slice(d.sp.url.length));
    await again.page.waitForSelector('[data-testid="step-1-count"]');
    expect(await shownSteps(again.page)).toEqual(counts(oneHour));
    expect(again.errors).toEqual([]);

    // The steps table's CSV holds the API's numbers.
    const csv = await downloadCsv(page, 'funnel-steps');
    expect(csv[0]).toBe('#,Step,Reached,Step conv.,Overall conv.,Drop-off');
    expect(csv.length).toBe(6);
    const s2 = oneHour.steps[1]!;
    expect(csv[2]).toBe(
      `2,Product view,${s2.count},${s2.stepConversion},${s2.overallConversion},${s2.dropOff}`,
    );

    // Breakdown by traffic source, back to the 24 h window: the grouped table shows each value.
    await windows.getByRole('button', { name: '24 h' }).click();
    await page.waitForURL((u) => !u.search.includes('window='));
    await page.selectOption('select[aria-label="Breakdown"]', 'traffic_source');
    await page.waitForURL(/breakdown=traffic_source/);
    const bySource = await d.api<FunnelResponse>(`/funnel?${q}&breakdown=traffic_source`);
    const rows = page.locator('[data-testid="funnel-breakdown"] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(bySource.byValue.length);
    const first = bySource.byValue[0]!;
    await expect
      .poll(async () => rows.first().locator('td[data-col="value"]').textContent())
      .toBe(first.value);
    expect(shownNumber(await rows.first().locator('td[data-col="step1"]').textContent())).toBe(
      first.counts[0],
    );
    await page.waitForTimeout(400);
    await d.screenshot(page, 'funnel');
    expect(errors).toEqual([]);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// Products
// ---------------------------------------------------------------------------------------------

describe('products', () => {
  it('totals units and revenue as silver and the product mart do', async () => {
    const api = await d.api<ProductsResponse>('/products?limit=1000');
    const { from, to } = api.range;
    expect(api.totals.units).toBeGreaterThan(20);
    expect(api.rows.length).toBe(api.matching);

    // Gross units and revenue of product lines on orders placed in the range (local days).
    const [wh] = await d.sp.query(`
      select cast(sum(l.quantity) as integer) as units, cast(sum(l.line_revenue) as varchar) as gross,
        cast(count(distinct l.product_id) as integer) as products
      from silver_order_lines l join silver_orders o on o.order_id = l.order_id
      where l.line_type = 'product' and ${LOCAL_DAY('o.ordered_at')} between '${from}' and '${to}'`);
    expect(api.totals.units).toBe(Number(wh!.units));
    expect(Number(api.totals.grossRevenue)).toBeCloseTo(Number(wh!.gross), 4);
    expect(api.totals.productsSold).toBe(Number(wh!.products));
    expect(api.rows.reduce((s, r) => s + r.units, 0)).toBe(api.totals.units);

    // Net revenue: the star schema's daily product fact (refunds against the order day).
    const [mart] = await d.sp.query(`
      select cast(sum(net_revenue) as varchar) as net, cast(sum(refunded_revenue) as varchar) as refunds
      from fct_product_daily where date_key between cast('${from}' as date) and cast('${to}' as date)`);
    expect(Number(api.totals.netRevenue)).toBeCloseTo(Number(mart!.net), 4);
    expect(Number(api.totals.refunds)).toBeCloseTo(Number(mart!.refunds), 4);
    expect(Number(api.totals.refunds)).toBeGreaterThan(0);
    expect(api.rows.reduce((s, r) => s + Number(r.netRevenue), 0)).toBeCloseTo(
      Number(api.totals.netRevenue),
      2,
    );

    // Rows: sorted by net revenue, ranked, rates within [0, 1] and consistent with the counts.
    expect(api.rows[0]!.revenueRank).toBe(1);
    for (let i = 1; i < api.rows.length; i++) {
      expect(Number(api.rows[i]!.netRevenue)).toBeLessThanOrEqual(
        Number(api.rows[i - 1]!.netRevenue),
      );
      expect(api.rows[i]!.revenueRank).toBeGreaterThanOrEqual(api.rows[i - 1]!.revenueRank);
    }
    for (const r of api.rows) {
      if (r.sessionsAdded > 0) {
        expect(r.cartAbandonmentRate).toBeCloseTo(r.sessionsCartAbandoned / r.sessionsAdded, 10);
        expect(r.cartAbandonmentRate! + r.cartToOrderRate!).toBeCloseTo(1, 10);
      } else expect(r.cartAbandonmentRate).toBeNull();
      if (r.sessionsViewed === 0) expect(r.viewToOrderRate).toBeNull();
    }

    // The top 5's daily series add up to their totals, which are the 5 best rows.
    expect(api.topDaily.map((p) => p.productId)).toEqual(
      api.rows.slice(0, 5).map((r) => r.productId),
    );
    for (const p of api.topDaily) {
      expect(p.days.length).toBe(api.range.days);
      expect(p.days.reduce((s, x) => s + Number(x.netRevenue), 0)).toBeCloseTo(
        Number(p.netRevenue),
        2,
      );
    }
  });

  it('counts every non-bot product view once over a range that holds all the data', async () => {
    const [span] = await d.sp.query(`
      select min(${LOCAL_DAY('event_at')}) as first, max(${LOCAL_DAY('event_at')}) as last
      from silver_events`);
    const api = await d.api<ProductsResponse>(
      `/products?from=${String(span!.first)}&to=${String(span!.last)}&limit=1000`,
    );
    const [wh] = await d.sp.query(`
      select cast(count(*) as integer) as views, cast(count(distinct product_id) as integer) as products
      from silver_events where event_type = 'product_viewed' and not is_bot and product_id is not null`);
    expect(api.rows.reduce((s, r) => s + r.views, 0)).toBe(Number(wh!.views));
    expect(api.totals.productsViewed).toBe(Number(wh!.products));
  });

  it('searches, sorts and limits on the server', async () => {
    const all = await d.api<ProductsResponse>('/products?limit=1000');
    const { from, to } = all.range;
    const term = all.rows[0]!.category!.slice(0, 4).toUpperCase();
    const found = await d.api<ProductsResponse>(
      `/products?from=${from}&to=${to}&limit=1000&q=${term}`,
    );
    const t = term.toLowerCase();
    const expected = all.rows.filter((r) =>
      [r.productId, r.name, r.category ?? '', r.brand ?? ''].some((x) =>
        x.toLowerCase().includes(t),
      ),
    );
    expect(found.rows.map((r) => r.productId)).toEqual(expected.map((r) => r.productId));
    expect(found.matching).toBe(expected.length);
    expect(found.rows.length).toBeLessThan(all.rows.length);
    // Ranks are over every product of the range, not only the matches.
    expect(found.rows.map((r) => r.revenueRank)).toEqual(expected.map((r) => r.revenueRank));

    const byUnits = await d.api<ProductsResponse>(
      `/products?from=${from}&to=${to}&sort=units&limit=3`,
    );
    expect(byUnits.rows.length).toBe(3);
    expect(byUnits.matching).toBe(all.rows.length);
    expect(byUnits.rows[0]!.units).toBe(Math.max(...all.rows.map((r) => r.units)));
    expect(byUnits.rows[0]!.unitsRank).toBe(1);

    expect((await fetch(`${d.sp.url}/api/v1/products?limit=0`)).status).toBe(400);
    expect((await fetch(`${d.sp.url}/api/v1/products?q=${'x'.repeat(101)}`)).status).toBe(400);
    expect((await fetch(`${d.sp.url}/api/v1/products?sort=price`)).status).toBe(400);
  });

  it('shows the API’s products, searches, sorts and exports them', async () => {
    const { page, errors } = await d.open('/products?range=7d');
    const table = page.locator('[data-testid="products-table"]');
    await table.locator('tbody tr').first().waitFor();
    const api = await d.api<ProductsResponse>('/products');
    const q = `from=${api.range.from}&to=${api.range.to}`;

    const kpi = async (id: string) =>
      shownNumber(await page.textContent(`[data-testid="kpi-${id}-value"]`));
    expect(await kpi('units')).toBe(api.totals.units);
    expect(await kpi('products-sold')).toBe(api.totals.productsSold);
    expect(await kpi('products-viewed')).toBe(api.totals.productsViewed);
    expect(await kpi('net-revenue')).toBeCloseTo(Number(api.totals.netRevenue), 2);

    const firstRow = table.locator('tbody tr').first();
    const first = api.rows[0]!;
    expect(await firstRow.locator('td[data-col="name"]').textContent()).toBe(first.name);
    expect(
      shownNumber(await firstRow.locator('td[data-col="netRevenue"]').textContent()),
    ).toBeCloseTo(Number(first.netRevenue), 2);
    expect(shownNumber(await firstRow.locator('td[data-col="units"]').textContent())).toBe(
      first.units,
    );

    // CSV: every row the API sent, raw values.
    const csv = await downloadCsv(page, 'products-table');
    expect(csv[0]).toBe(
      '#,Product,Category,Brand,Views,Carts,Orders,Units,Net revenue,View→cart,Cart→order,View→order,Abandonment,Units #',
    );
    expect(csv.length - 1).toBe(api.rows.length);
    const cell = (v: string | number | null) => (v == null ? '' : String(v));
    const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    expect(csv[1]).toBe(
      [
        first.revenueRank,
        quote(first.name),
        quote(cell(first.category)),
        quote(cell(first.brand)),
        first.views,
        first.addToCarts,
        first.orders,
        first.units,
        first.netRevenue,
        cell(first.viewToCartRate),
        cell(first.cartToOrderRate),
        cell(first.viewToOrderRate),
        cell(first.cartAbandonmentRate),
        first.unitsRank,
      ].join(','),
    );

    // The table's own search filters the loaded rows.
    const tableSearch = table.locator('input[aria-label="Search the table"]');
    await tableSearch.fill(first.name);
    const names = await table.locator('tbody td[data-col="name"]').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names.length).toBeLessThan(api.rows.length);
    for (const n of names) expect(n.toLowerCase()).toContain(first.name.toLowerCase());
    await tableSearch.fill('');

    // The server search: in the URL, and the rows are the API's for that text.
    const term = first.category!.toLowerCase();
    await page.fill('input[aria-label="Search all products"]', term);
    await page.waitForURL(new RegExp(`q=${term}`));
    const found = await d.api<ProductsResponse>(`/products?${q}&q=${term}`);
    expect(found.rows.length).toBeLessThan(api.rows.length);
    await expect
      .poll(async () => table.locator('tbody tr').count(), { timeout: 10_000 })
      .toBe(Math.min(found.rows.length, 25));
    await expect
      .poll(async () => page.textContent('[data-testid="products-matching"]'))
      .toContain(`${found.rows.length} of ${found.matching} products`);

    // Sorting by units on the server: the URL keeps it and the first row follows.
    await page.selectOption('select[aria-label="Sort"]', 'units');
    await page.waitForURL(/sort=units/);
    const byUnits = await d.api<ProductsResponse>(`/products?${q}&q=${term}&sort=units`);
    await expect
      .poll(async () =>
        table.locator('tbody tr').first().locator('td[data-col="name"]').textContent(),
      )
      .toBe(byUnits.rows[0]!.name);

    // Back to everything by revenue for the picture.
    await page.fill('input[aria-label="Search all products"]', '');
    await page.selectOption('select[aria-label="Sort"]', 'net_revenue');
    await page.waitForURL((u) => !u.search.includes('q=') && !u.search.includes('sort='));
    await expect
      .poll(async () =>
        table.locator('tbody tr').first().locator('td[data-col="name"]').textContent(),
      )
      .toBe(first.name);
    await page.waitForTimeout(400);
    await d.screenshot(page, 'products');
    expect(errors).toEqual([]);
  }, 60_000);
});
