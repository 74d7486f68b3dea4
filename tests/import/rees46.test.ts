/**
 * Correctness report for the REES46 import: the file goes through `importInto` and the full
 * model run (report zone UTC), and the marts must give the figures that
 * tests/import/reference/rees46.ts computes from the CSV alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../src/cli/import-command.js';
import {
  IMPORT_TIMEOUT_MS,
  count,
  expectReimportChangesNothing,
  importRuntime,
  money,
  type ImportRuntime,
} from './harness.js';
import type { Ranked } from './reference/common.js';
import {
  REES46_FILE,
  rees46Reference,
  type Rees46Figures,
  type Rees46Product,
} from './reference/rees46.js';

let rt: ImportRuntime;
let summary: ImportSummary;
let ref: Rees46Figures;

beforeAll(async () => {
  ref = rees46Reference();
  rt = await importRuntime('UTC');
  summary = await rt.importFile('rees46', REES46_FILE);
  await rt.runModels(true);
}, IMPORT_TIMEOUT_MS);

afterAll(async () => {
  await rt?.close();
});

/** Exact duplicate rows repeat the messageIds of their first copy: a view row is two events. */
const expectedDuplicates = () => {
  const d = ref.duplicateRows;
  return 2 * (d.view ?? 0) + (d.cart ?? 0) + (d.remove_from_cart ?? 0);
};

describe('every source row is accounted for', () => {
  it('the importer counts rows and duplicates as the reference does', () => {
    expect(summary.rows).toBe(ref.rows);
    expect(summary.duplicateRows).toBe(Object.values(ref.duplicateRows).reduce((a, b) => a + b, 0));
    expect(summary.adjustments.duplicate_line ?? 0).toBe(ref.duplicateRows.purchase ?? 0);
    const quarantined = { duplicate: expectedDuplicates(), zero_price: ref.totals.zeroPriceOrders };
    expect(summary.quarantined).toEqual(
      Object.fromEntries(Object.entries(quarantined).filter(([, n]) => n > 0)),
    );
  });

  it('silver events by type', async () => {
    const rows = await rt.query(
      'select event_type, count(*) as n from silver_events group by event_type order by event_type',
    );
    const t = ref.totals;
    const expected: Record<string, number> = {
      checkout_started: t.checkouts,
      order_completed: t.orders,
      page_view: t.views,
      product_added: t.carts,
      product_removed: t.removals,
      product_viewed: t.views,
    };
    expect(Object.fromEntries(rows.map((r) => [r.event_type, count(r.n)]))).toEqual(
      Object.fromEntries(Object.entries(expected).filter(([, n]) => n > 0)),
    );
    expect(summary.stored).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
  });

  it('rows = row events + order lines + zero-price lines + duplicate lines + duplicates; the rest is inferred', async () => {
    const [s] = await rt.query(`
      select
        (select count(*) from silver_events
          where event_type in ('product_viewed', 'product_added', 'product_removed')) as row_events,
        (select count(*) from silver_order_lines) as order_lines,
        (select count(*) from silver_adjustment_lines where kind = 'duplicate_line') as duplicate_lines,
        (select coalesce(sum(json_array_length(json_extract(raw, '$.properties.products'))), 0)
          from quarantine where reason = 'zero_price') as zero_price_lines,
        (select count(*) from quarantine
          where reason = 'duplicate' and json_extract_string(raw, '$.type') <> 'page') as duplicate_rows,
        (select count(*) from quarantine
          where reason = 'duplicate' and json_extract_string(raw, '$.type') = 'page') as duplicate_pages,
        (select count(*) from silver_events
          where event_type in ('page_view', 'checkout_started')) as inferred`);
    expect(count(s!.order_lines)).toBe(ref.totals.units);
    expect(count(s!.zero_price_lines)).toBe(ref.totals.zeroPriceLines);
    expect(
      count(s!.row_events) +
        count(s!.order_lines) +
        count(s!.zero_price_lines) +
        count(s!.duplicate_lines) +
        count(s!.duplicate_rows),
    ).toBe(ref.rows);
    expect(count(s!.inferred) + count(s!.duplicate_pages)).toBe(summary.inferred);
  });
});

describe('every 10 minutes (UTC)', () => {
  const bucket = (column: string) =>
    `strftime(time_bucket(interval '10 minutes', ${column}), '%Y-%m-%d %H:%M:%S')`;

  it('events by type (fct_events), orders and revenue (mart_traffic_minutes), units (fct_sales)', async () => {
    const events = await rt.query(`
      select ${bucket('event_at')} as start,
             count(*) filter (where event_type = 'page_view') as pages,
             count(*) filter (where event_type = 'product_viewed') as views,
             count(*) filter (where event_type = 'product_added') as carts,
             count(*) filter (where event_type = 'product_removed') as removals,
             count(*) filter (where event_type = 'checkout_started') as checkouts
      from fct_events group by 1`);
    const orders = await rt.query(`
      select ${bucket('minute')} as start, sum(orders) as orders, sum(gross_revenue) as revenue
      from mart_traffic_minutes group by 1`);
    const units = await rt.query(`
      select ${bucket('ordered_at')} as start, sum(quantity) as units
      from fct_sales where is_product group by 1`);
    const at = (rows: Record<string, unknown>[], start: string) =>
      rows.find((r) => r.start === start) ?? {};
    const starts = [
      ...new Set([...events, ...orders, ...units].map((r) => String(r.start))),
    ].sort();
    expect(
      starts.map((start) => {
        const [e, o, u] = [at(events, start), at(orders, start), at(units, start)];
        return {
          start,
          pages: count(e.pages),
          views: count(e.views),
          carts: count(e.carts),
          removals: count(e.removals),
          checkouts: count(e.checkouts),
          orders: count(o.orders),
          units: count(u.units),
          revenue: money(o.revenue ?? 0),
        };
      }),
    ).toEqual(
      ref.tenMinutes.map((b) => ({
        start: b.start,
        pages: b.views,
        views: b.views,
        carts: b.carts,
        removals: b.removals,
        checkouts: b.checkouts,
        orders: b.orders,
        units: b.units,
        revenue: money(b.revenue),
      })),
    );
  });
});

describe('the day', () => {
  it('totals, active users, buyers and sessions (mart_daily_kpis, mart_active_users)', async () => {
    const rows = await rt.query(`
      select cast(k.day as varchar) as day, k.dau, a.daily_buyers, k.sessions, k.page_views,
             k.product_views, k.add_to_carts, k.checkouts, k.orders, k.gross_revenue,
             k.net_revenue
      from mart_daily_kpis k
      left join mart_active_users a on a.day = k.day`);
    const t = ref.totals;
    expect(
      rows.map((r) => ({
        day: r.day,
        dau: count(r.dau),
        buyers: count(r.daily_buyers),
        sessions: count(r.sessions),
        pageViews: count(r.page_views),
        productViews: count(r.product_views),
        addToCarts: count(r.add_to_carts),
        checkouts: count(r.checkouts),
        orders: count(r.orders),
        gross: money(r.gross_revenue),
        net: money(r.net_revenue),
      })),
    ).toEqual([
      {
        day: ref.funnel.day,
        dau: t.users,
        buyers: t.buyers,
        sessions: t.sessions,
        pageViews: t.views,
        productViews: t.views,
        addToCarts: t.carts,
        checkouts: t.checkouts,
        orders: t.orders,
        gross: money(t.revenue),
        net: money(t.revenue),
      },
    ]);
  });

  it('the user-level funnel (mart_funnel_daily)', async () => {
    const rows = await rt.query(`
      select cast(day as varchar) as day, step_1, step_2, step_3, step_4, step_5
      from mart_funnel_daily where level = 'user' and breakdown = 'total'`);
    expect(
      rows.map((r) => ({
        day: r.day,
        steps: [r.step_1, r.step_2, r.step_3, r.step_4, r.step_5].map(count),
      })),
    ).toEqual([{ day: ref.funnel.day, steps: [...ref.funnel.steps] }]);
  });
});

describe('top products (mart_products)', () => {
  const shape = (p: Ranked<Rees46Product>) => ({
    productId: p.productId,
    rank: p.rank,
    orders: p.orders,
    units: p.units,
    revenue: money(p.revenue),
  });
  const top = async (rank: 'revenue_rank' | 'units_rank') =>
    (
      await rt.query(`
        select product_id, ${rank} as rank, orders, units, net_revenue
        from mart_products where ${rank} <= 10 order by ${rank}, product_id`)
    ).map((r) => ({
      productId: r.product_id,
      rank: count(r.rank),
      orders: count(r.orders),
      units: count(r.units),
      revenue: money(r.net_revenue),
    }));

  it('by revenue', async () => {
    expect(await top('revenue_rank')).toEqual(ref.topByRevenue.map(shape));
  });

  it('by units', async () => {
    expect(await top('units_rank')).toEqual(ref.topByUnits.map(shape));
  });
});

it(
  "the models' data tests pass on the imported data",
  async () => {
    await rt.expectDataTestsPass();
  },
  IMPORT_TIMEOUT_MS,
);

it(
  'a second import of the file changes no silver or mart figure',
  async () => {
    await expectReimportChangesNothing(rt, 'rees46', REES46_FILE);
  },
  IMPORT_TIMEOUT_MS,
);
