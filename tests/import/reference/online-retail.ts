/**
 * The key figures of the Online Retail data set, computed from the CSV alone by the rules of
 * the import spec and the product's metric definitions (docs/metrics/imports.md): plain
 * TypeScript and big.js, no SQL and nothing of src/import, so the import tests can hold the
 * marts against an independent computation.
 */
import { join } from 'node:path';
import { Big } from 'big.js';
import { DATA_DIR, readCsv, topByRank, type Ranked } from './common.js';
import { ONLINE_RETAIL_COLUMNS, readInvoices } from './online-retail-invoices.js';
import {
  bookInvoices,
  refundedByLine,
  type AdjustmentTotals,
  type Book,
} from './online-retail-book.js';

/** The data set's file. */
export const ONLINE_RETAIL_FILE = join(DATA_DIR, 'online_retail_uci_2010-12-01_2011-12-09.csv.gz');

/** Sales of a local day (the `InvoiceDate`'s own date in Europe/London), or of everything. */
export interface RetailSales {
  orders: number;
  /** Distinct buyers (user keys: customers and guest invoices) with an order. */
  buyers: number;
  units: number;
  grossRevenue: Big;
  nonProductRevenue: Big;
  /** Cancellations booked on the C invoice's day, capped per order (`int_refunds`). */
  cancelledRevenue: Big;
  netRevenue: Big;
  /** Line-based refunds of the orders placed that day, whenever cancelled (`fct_sales`). */
  refundedOfOrders: Big;
}

/** A product's sales (`mart_products`): product lines, refunds allocated to lines. */
export interface RetailProduct {
  productId: string;
  orders: number;
  units: number;
  grossRevenue: Big;
  refundedRevenue: Big;
  netRevenue: Big;
}

/** A monthly first-order cohort in one month since (`mart_retention_cohorts`). */
export interface CohortCell {
  cohortStart: string;
  periodStart: string;
  periodNumber: number;
  cohortSize: number;
  activeUsers: number;
}

export interface OnlineRetailFigures {
  rows: number;
  invoices: number;
  duplicateRows: number;
  totals: RetailSales & { customers: number; guestBuyers: number };
  /** What silver should hold besides the sales figures. */
  silver: {
    orderLines: number;
    cancellationEvents: number;
    refundLines: number;
    refundQuantity: number;
    refundAmount: Big;
    cancelLines: Book['cancelLines'];
    identifies: number;
    knownCustomers: number;
  };
  adjustments: Record<string, AdjustmentTotals>;
  days: (RetailSales & { day: string })[];
  topByRevenue: Ranked<RetailProduct>[];
  topByUnits: Ranked<RetailProduct>[];
  cohorts: CohortCell[];
}

/** Reads the file and computes every figure. */
export function onlineRetailReference(file = ONLINE_RETAIL_FILE): OnlineRetailFigures {
  const rows = readCsv(file, ONLINE_RETAIL_COLUMNS);
  const invoices = readInvoices(rows);
  const book = bookInvoices(invoices);
  const parts = book.cancellations.flatMap((c) => c.parts);
  const products = productSales(book);
  const totals = sales(book, () => 'all').get('all')!;
  const customers = new Set(book.orders.flatMap((o) => (o.customer ? [o.customer] : []))).size;
  return {
    rows: rows.length,
    invoices: invoices.length,
    duplicateRows: invoices.reduce((n, inv) => n + inv.duplicateLines.length, 0),
    totals: { ...totals, customers, guestBuyers: totals.buyers - customers },
    silver: {
      orderLines: book.orders.reduce((n, o) => n + o.lines.length, 0),
      cancellationEvents: book.cancellations.length,
      refundLines: parts.length,
      refundQuantity: parts.reduce((n, p) => n + p.quantity, 0),
      refundAmount: parts.reduce((s, p) => s.plus(p.price.times(p.quantity)), new Big(0)),
      cancelLines: book.cancelLines,
      identifies: book.identifies,
      knownCustomers: book.knownCustomers,
    },
    adjustments: book.adjustments,
    days: [...sales(book, (time) => time.slice(0, 10))]
      .map(([day, s]) => ({ day, ...s }))
      .sort((a, b) => (a.day < b.day ? -1 : 1)),
    topByRevenue: topByRank(
      products,
      (p) => p.netRevenue,
      (p) => p.productId,
      10,
    ),
    topByUnits: topByRank(
      products,
      (p) => new Big(p.units),
      (p) => p.productId,
      10,
    ),
    cohorts: monthlyCohorts(book),
  };
}

type Bucket = RetailSales & { buyerKeys: Set<string> };

/** Sales per bucket of local time (a day, or one bucket for everything). */
function sales(book: Book, bucketOf: (time: string) => string): Map<string, RetailSales> {
  const buckets = new Map<string, Bucket>();
  const at = (time: string) => {
    const key = bucketOf(time);
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = emptyBucket()));
    return b;
  };
  for (const o of book.orders) {
    const b = at(o.time);
    b.orders += 1;
    b.buyerKeys.add(o.userKey);
    b.units += o.units;
    b.grossRevenue = b.grossRevenue.plus(o.revenue);
    b.nonProductRevenue = b.nonProductRevenue.plus(o.nonProductRevenue);
    for (const r of refundedByLine(o).values()) b.refundedOfOrders = b.refundedOfOrders.plus(r);
  }
  for (const c of book.cancellations) {
    const b = at(c.time);
    b.cancelledRevenue = b.cancelledRevenue.plus(c.amount);
  }
  return new Map(
    [...buckets].map(([key, { buyerKeys, ...b }]) => [
      key,
      { ...b, buyers: buyerKeys.size, netRevenue: b.grossRevenue.minus(b.cancelledRevenue) },
    ]),
  );
}

function emptyBucket(): Bucket {
  const zero = new Big(0);
  return {
    orders: 0,
    buyers: 0,
    buyerKeys: new Set(),
    units: 0,
    grossRevenue: zero,
    nonProductRevenue: zero,
    cancelledRevenue: zero,
    netRevenue: zero,
    refundedOfOrders: zero,
  };
}

function productSales(book: Book): RetailProduct[] {
  const products = new Map<string, RetailProduct & { orderIds: Set<string> }>();
  for (const o of book.orders) {
    const refunded = refundedByLine(o);
    for (const l of o.lines) {
      if (l.type !== 'product') continue;
      let p = products.get(l.productId);
      if (!p) {
        const zero = new Big(0);
        p = {
          productId: l.productId,
          orderIds: new Set(),
          orders: 0,
          units: 0,
          grossRevenue: zero,
          refundedRevenue: zero,
          netRevenue: zero,
        };
        products.set(l.productId, p);
      }
      p.orderIds.add(o.orderId);
      p.units += l.quantity;
      p.grossRevenue = p.grossRevenue.plus(l.revenue);
      p.refundedRevenue = p.refundedRevenue.plus(refunded.get(l) ?? 0);
    }
  }
  return [...products.values()].map(({ orderIds, ...p }) => ({
    ...p,
    orders: orderIds.size,
    netRevenue: p.grossRevenue.minus(p.refundedRevenue),
  }));
}

const monthOf = (time: string) => `${time.slice(0, 7)}-01`;
const monthIndex = (month: string) =>
  Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthAt = (index: number) =>
  `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;

/**
 * First-order cohorts by local month: every buyer (guests too, each guest invoice its own
 * buyer), sized by the month of the first order; active = with an order in the period.
 * From the first cohort to the last month with an order.
 */
function monthlyCohorts(book: Book): CohortCell[] {
  const months = new Map<string, Set<number>>();
  for (const o of book.orders) {
    const set = months.get(o.userKey) ?? new Set();
    set.add(monthIndex(monthOf(o.time)));
    months.set(o.userKey, set);
  }
  const firsts = [...months.values()].map((m) => ({ first: Math.min(...m), months: m }));
  const all = firsts.flatMap((f) => [...f.months]);
  const [from, to] = [Math.min(...all), Math.max(...all)];
  const cells: CohortCell[] = [];
  for (let c = from; c <= to; c++) {
    const members = firsts.filter((f) => f.first === c);
    for (let p = c; p <= to; p++) {
      cells.push({
        cohortStart: monthAt(c),
        periodStart: monthAt(p),
        periodNumber: p - c,
        cohortSize: members.length,
        activeUsers: members.filter((f) => f.months.has(p)).length,
      });
    }
  }
  return cells;
}
