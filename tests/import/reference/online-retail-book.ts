import { Big } from 'big.js';
import {
  userKeyOf,
  type Invoice,
  type LineType,
  type RetailLine,
} from './online-retail-invoices.js';

/** A sale line of an order, with the quantity no cancellation has taken back yet. */
export interface OrderLine {
  productId: string;
  type: LineType;
  quantity: number;
  revenue: Big;
  uncancelled: number;
}

/** An order: an invoice with at least one sale line (quantity > 0, price > 0). */
export interface Order {
  orderId: string;
  userKey: string;
  customer: string | null;
  time: string;
  lines: OrderLine[];
  /** Product revenue (product lines only) and the other sale lines' revenue. */
  revenue: Big;
  nonProductRevenue: Big;
  units: number;
  cancellations: Cancellation[];
}

/** What a C invoice takes back from one earlier order (one `order_cancelled` event). */
export interface Cancellation {
  invoiceNo: string;
  order: Order;
  time: string;
  /**
   * One part (refund line) per sale line of this order a C line takes back from: the C line's
   * price x the quantity taken from that sale line.
   */
  parts: { productId: string; price: Big; quantity: number }[];
  requested: Big;
  /** `requested` capped at what the order has left after earlier cancellations. */
  amount: Big;
}

/** Adjustment lines of one kind: how many, their signed quantity and amount (price x qty). */
export interface AdjustmentTotals {
  lines: number;
  quantity: number;
  amount: Big;
}

/** Everything the import spec books from the file. */
export interface Book {
  orders: Order[];
  cancellations: Cancellation[];
  adjustments: Record<string, AdjustmentTotals>;
  /** C product lines matched wholly or partly, and those of them also partly unmatched. */
  cancelLines: { matched: number; partlyMatched: number };
  /** `identify` calls: a customer's first invoice, and each change of country. */
  identifies: number;
  knownCustomers: number;
}

/** Books the invoices in file order: orders, cancellations matched to orders, adjustments. */
export function bookInvoices(invoices: Invoice[]): Book {
  const book: Book = {
    orders: [],
    cancellations: [],
    adjustments: {},
    cancelLines: { matched: 0, partlyMatched: 0 },
    identifies: 0,
    knownCustomers: 0,
  };
  const open: OpenSales = new Map();
  const countries = new Map<string, string>();
  for (const inv of invoices) {
    if (inv.customer !== null && countries.get(inv.customer) !== inv.country) {
      book.identifies += 1;
      countries.set(inv.customer, inv.country);
    }
    for (const line of inv.duplicateLines) adjust(book, 'duplicate_line', line, line.quantity);
    if (inv.kind === 'sale') bookSale(book, open, inv);
    else if (inv.kind === 'cancellation') bookCancellation(book, open, inv);
    else for (const line of inv.lines) adjust(book, 'bad_debt', line, line.quantity);
  }
  book.knownCustomers = countries.size;
  capCancellations(book.cancellations);
  return book;
}

/** Product sale lines by customer and stock code, oldest first, for cancellations to match. */
type OpenSales = Map<string, { order: Order; line: OrderLine }[]>;

const openKey = (customer: string, stockCode: string) => `${customer}\u0000${stockCode}`;

function adjust(book: Book, kind: string, line: RetailLine, quantity: number): void {
  const t = (book.adjustments[kind] ??= { lines: 0, quantity: 0, amount: new Big(0) });
  t.lines += 1;
  t.quantity += quantity;
  t.amount = t.amount.plus(line.price.times(quantity));
}

function bookSale(book: Book, open: OpenSales, inv: Invoice) {
  const sold = inv.lines.filter((l) => l.quantity > 0 && l.price.gt(0));
  for (const l of inv.lines) {
    if (!sold.includes(l)) adjust(book, l.quantity < 0 ? 'stock' : 'free_line', l, l.quantity);
  }
  if (sold.length === 0) return;
  const order: Order = {
    orderId: inv.invoiceNo,
    userKey: userKeyOf(inv),
    customer: inv.customer,
    time: inv.time,
    lines: [],
    revenue: new Big(0),
    nonProductRevenue: new Big(0),
    units: 0,
    cancellations: [],
  };
  for (const l of sold) {
    const line: OrderLine = {
      productId: l.stockCode,
      type: l.type,
      quantity: l.quantity,
      revenue: l.price.times(l.quantity),
      uncancelled: l.quantity,
    };
    order.lines.push(line);
    if (l.type !== 'product') {
      order.nonProductRevenue = order.nonProductRevenue.plus(line.revenue);
      continue;
    }
    order.revenue = order.revenue.plus(line.revenue);
    order.units += l.quantity;
    if (inv.customer === null) continue;
    const key = openKey(inv.customer, l.stockCode);
    const sales = open.get(key) ?? [];
    sales.push({ order, line });
    open.set(key, sales);
  }
  book.orders.push(order);
}

/**
 * Each product line of a C invoice takes its quantity back from the customer's earlier sale
 * lines of the stock code, newest first; what is left over, and every non-product line, is
 * an adjustment. One cancellation per (C invoice, order) pair, one part per sale line taken
 * from.
 */
function bookCancellation(book: Book, open: OpenSales, inv: Invoice): void {
  const byOrder = new Map<Order, Cancellation>();
  for (const l of inv.lines) {
    if (l.type !== 'product') {
      adjust(book, 'non_product_credit', l, l.quantity);
      continue;
    }
    if (l.quantity >= 0) throw new Error(`C line with quantity ${l.quantity} in ${inv.invoiceNo}`);
    let left = -l.quantity;
    const sales = inv.customer === null ? [] : (open.get(openKey(inv.customer, l.stockCode)) ?? []);
    let matched = false;
    for (let i = sales.length - 1; i >= 0 && left > 0; i--) {
      const { order, line } = sales[i]!;
      const quantity = Math.min(line.uncancelled, left);
      if (quantity === 0) continue;
      line.uncancelled -= quantity;
      left -= quantity;
      matched = true;
      const c = byOrder.get(order) ?? newCancellation(inv, order);
      byOrder.set(order, c);
      c.parts.push({ productId: l.stockCode, price: l.price, quantity });
      c.requested = c.requested.plus(l.price.times(quantity));
    }
    if (matched) book.cancelLines.matched += 1;
    if (matched && left > 0) book.cancelLines.partlyMatched += 1;
    if (left > 0) adjust(book, 'unmatched_cancellation', l, -left);
  }
  for (const c of byOrder.values()) {
    book.cancellations.push(c);
    c.order.cancellations.push(c);
  }
}

function newCancellation(inv: Invoice, order: Order): Cancellation {
  const zero = new Big(0);
  return {
    invoiceNo: inv.invoiceNo,
    order,
    time: inv.time,
    parts: [],
    requested: zero,
    amount: zero,
  };
}

/**
 * `int_refunds`: in time order (the file's), each cancellation gives back what it asks, but
 * never more than its order's product revenue minus what earlier ones asked.
 */
function capCancellations(cancellations: Cancellation[]): void {
  const asked = new Map<Order, Big>();
  for (const c of cancellations) {
    const before = asked.get(c.order) ?? new Big(0);
    const left = c.order.revenue.minus(before);
    c.amount = left.lt(0) ? new Big(0) : left.lt(c.requested) ? left : c.requested;
    asked.set(c.order, before.plus(c.requested));
  }
}

/**
 * `int_order_lines`: the product revenue refunded from each product line of an order. Each
 * cancellation that gives anything back sends each of its parts to the order's lines of
 * that product, in proportion to their revenue; a line never loses more than its revenue.
 * Rounded to 4 places as the model's decimal(18,4).
 */
export function refundedByLine(order: Order): Map<OrderLine, Big> {
  const sent = new Map<OrderLine, Big>();
  for (const c of order.cancellations) {
    if (!c.amount.gt(0)) continue;
    for (const part of c.parts) {
      const lines = order.lines.filter(
        (l) => l.type === 'product' && l.productId === part.productId,
      );
      const total = lines.reduce((s, l) => s.plus(l.revenue), new Big(0));
      const amount = part.price.times(part.quantity);
      for (const l of lines) {
        sent.set(l, (sent.get(l) ?? new Big(0)).plus(amount.times(l.revenue).div(total)));
      }
    }
  }
  const out = new Map<OrderLine, Big>();
  for (const [l, s] of sent) out.set(l, (s.gt(l.revenue) ? l.revenue : s).round(4));
  return out;
}
