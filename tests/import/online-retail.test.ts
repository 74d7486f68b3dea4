/**
 * Correctness report for the Online Retail import: the file goes through `importInto` and the
 * full model run (report zone Europe/London), and the marts must give the figures that
 * tests/import/reference/online-retail.ts computes from the CSV alone.
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
import {
  ONLINE_RETAIL_FILE,
  onlineRetailReference,
  type OnlineRetailFigures,
  type RetailProduct,
} from './reference/online-retail.js';
import type { Ranked } from './reference/common.js';
import { readCsv } from './reference/common.js';
import { ONLINE_RETAIL_COLUMNS, readInvoices } from './reference/online-retail-invoices.js';

let rt: ImportRuntime;
let summary: ImportSummary;
let ref: OnlineRetailFigures;

beforeAll(async () => {
  ref = onlineRetailReference();
  rt = await importRuntime('Europe/London');
  summary = await rt.importFile('online-retail', ONLINE_RETAIL_FILE);
  await rt.runModels(true);
}, IMPORT_TIMEOUT_MS);

afterAll(async () => {
  await rt?.close();
});

const adjustmentLines = () =>
  Object.fromEntries(Object.entries(ref.adjustments).map(([kind, t]) => [kind, t.lines]));

describe('every source row is accounted for', () => {
  it('the importer counts rows, duplicates and adjustments as the reference does', () => {
    expect(summary.rows).toBe(ref.rows);
    expect(summary.duplicateRows).toBe(ref.duplicateRows);
    expect(summary.adjustments).toEqual(adjustmentLines());
    expect(summary.quarantined).toEqual({});
  });

  it('silver holds every sale line, cancellation part, adjustment line and identify', async () => {
    const [s] = await rt.query(`
      select
        (select count(*) from silver_orders) as orders,
        (select count(*) from silver_order_lines) as order_lines,
        (select count(*) from silver_refunds) as refunds,
        (select count(*) from silver_refund_lines) as refund_lines,
        (select sum(quantity) from silver_refund_lines) as refund_quantity,
        (select sum(amount) from silver_refund_lines) as refund_amount,
        (select count(*) from silver_adjustment_lines) as adjustment_lines,
        (select count(*) from silver_customer_traits) as identifies,
        (select count(distinct user_key) from silver_customer_traits) as known_customers,
        (select count(*) from quarantine) as quarantined`);
    expect({
      orders: count(s!.orders),
      orderLines: count(s!.order_lines),
      refunds: count(s!.refunds),
      refundLines: count(s!.refund_lines),
      refundQuantity: count(s!.refund_quantity),
      refundAmount: money(s!.refund_amount),
      identifies: count(s!.identifies),
      knownCustomers: count(s!.known_customers),
      quarantined: count(s!.quarantined),
    }).toEqual({
      orders: ref.totals.orders,
      orderLines: ref.silver.orderLines,
      refunds: ref.silver.cancellationEvents,
      refundLines: ref.silver.refundLines,
      refundQuantity: ref.silver.refundQuantity,
      refundAmount: money(ref.silver.refundAmount),
      identifies: ref.silver.identifies,
      knownCustomers: ref.silver.knownCustomers,
      quarantined: 0,
    });
    // A C line that takes back from several sale lines is several refund lines; one partly
    // matched is also an adjustment line. Every other row is exactly one line somewhere.
    const { matched, partlyMatched } = ref.silver.cancelLines;
    expect(count(s!.order_lines) + count(s!.refund_lines) + count(s!.adjustment_lines)).toBe(
      ref.rows + (ref.silver.refundLines - matched) + partlyMatched,
    );
  });

  it('adjustment lines by kind: lines, signed quantity and amount', async () => {
    const rows = await rt.query(`
      select kind, count(*) as lines, sum(quantity) as quantity, sum(amount) as amount
      from silver_adjustment_lines group by kind order by kind`);
    expect(
      rows.map((r) => ({
        kind: r.kind,
        lines: count(r.lines),
        quantity: count(r.quantity),
        amount: money(r.amount),
      })),
    ).toEqual(
      Object.entries(ref.adjustments)
        .map(([kind, t]) => ({
          kind,
          lines: t.lines,
          quantity: t.quantity,
          amount: money(t.amount),
        }))
        .sort((a, b) => (a.kind < b.kind ? -1 : 1)),
    );
  });
});

describe('catalogue and customers (dim_product, dim_customer)', () => {
  const invoices = () => readInvoices(readCsv(ONLINE_RETAIL_FILE, ONLINE_RETAIL_COLUMNS));

  it('one product per stock code sold, named and priced; non-product codes flagged', async () => {
    const sold = new Map<string, boolean>();
    for (const inv of invoices().filter((i) => i.kind === 'sale')) {
      for (const l of inv.lines) {
        if (l.quantity > 0 && l.price.gt(0)) sold.set(l.stockCode, l.type === 'product');
      }
    }
    const [d] = await rt.query(`
      select count(*) as n, count(distinct product_id) as ids, count(product_name) as named,
             count(price) as priced, count(*) filter (where not is_product) as non_product
      from dim_product`);
    expect(Object.fromEntries(Object.entries(d!).map(([k, v]) => [k, count(v)]))).toEqual({
      n: sold.size,
      ids: sold.size,
      named: sold.size,
      priced: sold.size,
      non_product: [...sold.values()].filter((isProduct) => !isProduct).length,
    });
  });

  it('a customer version per change of country, in time order; guests without a country', async () => {
    const versions = new Map<string, string[]>();
    const guests = new Set<string>();
    for (const inv of invoices()) {
      if (inv.customer === null) {
        if (inv.kind === 'sale' && inv.lines.some((l) => l.quantity > 0 && l.price.gt(0)))
          guests.add(inv.invoiceNo);
        continue;
      }
      const list = versions.get(inv.customer) ?? [];
      if (list.at(-1) !== inv.country) list.push(inv.country);
      versions.set(inv.customer, list);
    }
    const rows = await rt.query(`
      select user_key, country from dim_customer
      where country is not null order by user_key, version_no`);
    const got = new Map<string, string[]>();
    for (const r of rows)
      got.set(String(r.user_key), [...(got.get(String(r.user_key)) ?? []), String(r.country)]);
    expect(got).toEqual(versions);
    const [g] = await rt.query(
      `select count(distinct user_key) as guests from dim_customer where user_key like 'guest-%' and country is null`,
    );
    expect(count(g!.guests)).toBe(guests.size);
  });
});

describe('totals', () => {
  it('orders, revenue gross, cancelled and net (mart_daily_kpis)', async () => {
    const [k] = await rt.query(`
      select sum(orders) as orders, sum(gross_revenue) as gross, sum(refunds) as refunds,
             sum(net_revenue) as net
      from mart_daily_kpis`);
    expect([count(k!.orders), money(k!.gross), money(k!.refunds), money(k!.net)]).toEqual([
      ref.totals.orders,
      money(ref.totals.grossRevenue),
      money(ref.totals.cancelledRevenue),
      money(ref.totals.netRevenue),
    ]);
  });

  it('units, non-product revenue and refunds of the orders (fct_daily_sales)', async () => {
    const [s] = await rt.query(`
      select sum(orders) as orders, sum(units) as units, sum(gross_revenue) as gross,
             sum(non_product_revenue) as non_product, sum(refunded_revenue) as refunded
      from fct_daily_sales`);
    expect([
      count(s!.orders),
      count(s!.units),
      money(s!.gross),
      money(s!.non_product),
      money(s!.refunded),
    ]).toEqual([
      ref.totals.orders,
      ref.totals.units,
      money(ref.totals.grossRevenue),
      money(ref.totals.nonProductRevenue),
      money(ref.totals.refundedOfOrders),
    ]);
  });

  it('customers with orders and guest buyers (mart_customers)', async () => {
    const [c] = await rt.query(`
      select count(*) filter (where user_key not like 'guest-%') as customers,
             count(*) filter (where user_key like 'guest-%') as guests
      from mart_customers where orders > 0`);
    expect([count(c!.customers), count(c!.guests)]).toEqual([
      ref.totals.customers,
      ref.totals.guestBuyers,
    ]);
  });
});

describe('every local day', () => {
  it('orders, gross, cancellations on their own day, net (mart_daily_kpis)', async () => {
    const rows = await rt.query(`
      select cast(day as varchar) as day, orders, gross_revenue, refunds, net_revenue
      from mart_daily_kpis order by day`);
    // Days without orders or cancellations are rows of zeros in the mart and absent here.
    const busy = (d: { orders: number; cancelled: string }) =>
      d.orders > 0 || d.cancelled !== money(0);
    expect(
      rows
        .map((r) => ({
          day: r.day,
          orders: count(r.orders),
          gross: money(r.gross_revenue),
          cancelled: money(r.refunds),
          net: money(r.net_revenue),
        }))
        .filter(busy),
    ).toEqual(
      ref.days
        .map((d) => ({
          day: d.day,
          orders: d.orders,
          gross: money(d.grossRevenue),
          cancelled: money(d.cancelledRevenue),
          net: money(d.netRevenue),
        }))
        .filter(busy),
    );
  });

  it('units, non-product revenue, refunds of the day’s orders (fct_daily_sales), buyers (mart_active_users)', async () => {
    const rows = await rt.query(`
      select cast(s.date_key as varchar) as day, sum(s.orders) as orders, sum(s.units) as units,
             sum(s.non_product_revenue) as non_product, sum(s.refunded_revenue) as refunded,
             max(a.daily_buyers) as buyers
      from fct_daily_sales s
      left join mart_active_users a on a.day = s.date_key
      group by s.date_key order by s.date_key`);
    expect(
      rows.map((r) => ({
        day: r.day,
        orders: count(r.orders),
        units: count(r.units),
        nonProduct: money(r.non_product),
        refundedOfOrders: money(r.refunded),
        buyers: count(r.buyers),
      })),
    ).toEqual(
      ref.days
        .filter((d) => d.orders > 0)
        .map((d) => ({
          day: d.day,
          orders: d.orders,
          units: d.units,
          nonProduct: money(d.nonProductRevenue),
          refundedOfOrders: money(d.refundedOfOrders),
          buyers: d.buyers,
        })),
    );
  });
});

describe('top products (mart_products)', () => {
  const shape = (p: Ranked<RetailProduct>) => ({
    productId: p.productId,
    rank: p.rank,
    orders: p.orders,
    units: p.units,
    gross: money(p.grossRevenue),
    refunded: money(p.refundedRevenue),
    net: money(p.netRevenue),
  });
  const top = async (rank: 'revenue_rank' | 'units_rank') =>
    (
      await rt.query(`
        select product_id, ${rank} as rank, orders, units, gross_revenue, refunded_revenue,
               net_revenue
        from mart_products where ${rank} <= 10 order by ${rank}, product_id`)
    ).map((r) => ({
      productId: r.product_id,
      rank: count(r.rank),
      orders: count(r.orders),
      units: count(r.units),
      gross: money(r.gross_revenue),
      refunded: money(r.refunded_revenue),
      net: money(r.net_revenue),
    }));

  it('by net revenue', async () => {
    expect(await top('revenue_rank')).toEqual(ref.topByRevenue.map(shape));
  });

  it('by units', async () => {
    expect(await top('units_rank')).toEqual(ref.topByUnits.map(shape));
  });
});

describe('monthly first-order cohorts (mart_retention_cohorts)', () => {
  const cohorts = (where: string) =>
    rt.query(`
      select cast(cohort_start as varchar) as cohort_start,
             cast(period_start as varchar) as period_start,
             period_number, cohort_size, active_users
      from mart_retention_cohorts
      where cohort_type = 'first_order' and period_grain = 'month' and ${where}
      order by cohort_start, period_start`);

  it('size and active buyers of every cohort in every month of the data', async () => {
    const rows = await cohorts(`period_start <= date '2011-12-01'`);
    expect(
      rows.map((r) => ({
        cohortStart: r.cohort_start,
        periodStart: r.period_start,
        periodNumber: count(r.period_number),
        cohortSize: count(r.cohort_size),
        activeUsers: count(r.active_users),
      })),
    ).toEqual(ref.cohorts);
  });

  it('no activity after the data ends', async () => {
    const rows = await cohorts(`period_start > date '2011-12-01'`);
    expect(rows.filter((r) => count(r.active_users) > 0)).toEqual([]);
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
    await expectReimportChangesNothing(rt, 'online-retail', ONLINE_RETAIL_FILE);
  },
  IMPORT_TIMEOUT_MS,
);
