import type {
  LogRecord,
  SilverAdjustmentLine,
  SilverEvent,
  SilverOrder,
  SilverOrderLine,
  SilverRefund,
  SilverRefundLine,
  SilverTraits,
} from '../../core/ports.js';
import type {
  AdjustmentProps,
  OrderProps,
  ProductLine,
  RefundProps,
  Traits,
} from '../../core/contract/schema.js';
import { toSqlTimestamp } from '../../core/time.js';
import { fmt, money, sum, ZERO } from './money.js';
import type { EnrichedEvent } from './enrich.js';

export interface SilverRows {
  event: SilverEvent;
  order?: SilverOrder;
  orderLines: SilverOrderLine[];
  refund?: SilverRefund;
  refundLines: SilverRefundLine[];
  adjustmentLines: SilverAdjustmentLine[];
  traits?: SilverTraits;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const ts = (ms: number | null) => (ms === null ? null : toSqlTimestamp(ms));

/** Builds the silver rows of one valid, normalised, enriched event. */
export function toSilver(n: EnrichedEvent, record: LogRecord): SilverRows {
  const event = silverEvent(n, record);
  const rows: SilverRows = { event, orderLines: [], refundLines: [], adjustmentLines: [] };
  if (n.name === 'order_completed') Object.assign(rows, order(n, event));
  if (n.name === 'order_refunded' || n.name === 'order_cancelled')
    Object.assign(rows, refund(n, event));
  if (n.name === 'identify') rows.traits = traits(n, event);
  if (n.name === 'adjustment_recorded') rows.adjustmentLines = adjustment(n, event);
  return rows;
}

function silverEvent(n: EnrichedEvent, r: LogRecord): SilverEvent {
  const e = n.envelope;
  const ctx = e.context;
  const p = n.props;
  const price = p.price;
  return {
    seq: r.seq,
    message_id: r.messageId,
    type: e.type as SilverEvent['type'],
    event_type: n.name,
    user_id: n.userId,
    anonymous_id: n.anonymousId,
    user_key: n.userKey,
    event_at: toSqlTimestamp(n.eventAt),
    received_at: toSqlTimestamp(r.receivedAt),
    sent_at: ts(n.sentAt),
    original_at: ts(n.originalAt),
    client_session_id: ctx?.sessionId === undefined ? str(p.session_id) : String(ctx.sessionId),
    page_url: ctx?.page?.url ?? null,
    page_path: ctx?.page?.path ?? null,
    page_referrer: ctx?.page?.referrer ?? null,
    page_title: ctx?.page?.title ?? e.name ?? null,
    ...n.utm,
    ...n.device,
    locale: ctx?.locale ?? null,
    timezone: ctx?.timezone ?? null,
    country: ctx?.location?.country ?? (n.name === 'identify' ? str(p.country) : null),
    ip: ctx?.ip ?? null,
    product_id: str(p.product_id),
    product_name: str(p.name),
    category: str(p.category),
    brand: str(p.brand),
    price: typeof price === 'number' || typeof price === 'string' ? fmt(money(price)) : null,
    quantity: typeof p.quantity === 'number' ? p.quantity : null,
    order_id: str(p.order_id),
    currency: n.currency,
    search_query: str(p.query),
    properties: propertiesText(n),
    write_key_id: r.writeKeyId,
    request_id: r.requestId,
    source: r.source,
  };
}

/** Events whose `products` are rows of a line table of their own. */
const LINES_STORED = new Set([
  'order_completed',
  'order_refunded',
  'order_cancelled',
  'adjustment_recorded',
]);

/**
 * The event's properties as JSON text; without `products` when those are stored as line
 * rows (an invoice may have a thousand lines: storing them twice doubled the write).
 */
function propertiesText(n: EnrichedEvent): string | null {
  const p = n.props;
  if (!LINES_STORED.has(n.name)) return Object.keys(p).length > 0 ? JSON.stringify(p) : null;
  return JSON.stringify(p, function (this: unknown, key: string, value: unknown) {
    return this === p && key === 'products' ? undefined : value;
  });
}

const lineAmount = (l: Pick<ProductLine, 'price' | 'quantity'>) =>
  money(l.price).times(l.quantity ?? 1);
const isProduct = (l: ProductLine) => (l.line_type ?? 'product') === 'product';

function order(n: EnrichedEvent, ev: SilverEvent): Pick<SilverRows, 'order' | 'orderLines'> {
  const p = n.props as OrderProps;
  // Each line's price and amount are read once: an order may have a thousand lines.
  let productRevenue = ZERO;
  let nonProduct = ZERO;
  const orderLines = p.products.map((l, i) => {
    const price = money(l.price);
    const lineRevenue = price.times(l.quantity ?? 1);
    if (isProduct(l)) productRevenue = productRevenue.plus(lineRevenue);
    else nonProduct = nonProduct.plus(lineRevenue);
    return {
      order_id: p.order_id,
      line_no: i + 1,
      seq: ev.seq,
      product_id: l.product_id,
      sku: l.sku ?? null,
      name: l.name ?? null,
      category: l.category ?? null,
      brand: l.brand ?? null,
      line_type: l.line_type ?? 'product',
      price: fmt(price),
      quantity: l.quantity ?? 1,
      line_revenue: fmt(lineRevenue),
    };
  });
  const revenue = p.revenue === undefined ? productRevenue : money(p.revenue);
  const amount = (v: number | string | undefined) => (v === undefined ? ZERO : money(v));
  const total = revenue
    .plus(nonProduct)
    .plus(amount(p.tax))
    .plus(amount(p.shipping))
    .minus(amount(p.discount));
  const order: SilverOrder = {
    order_id: p.order_id,
    seq: ev.seq,
    message_id: ev.message_id,
    user_id: ev.user_id,
    anonymous_id: ev.anonymous_id,
    user_key: ev.user_key,
    ordered_at: ev.event_at,
    currency: ev.currency!,
    revenue: fmt(revenue),
    non_product_revenue: fmt(nonProduct),
    tax: fmt(amount(p.tax)),
    shipping: fmt(amount(p.shipping)),
    discount: fmt(amount(p.discount)),
    total: fmt(total),
    payment_method: p.payment_method ?? null,
    line_count: p.products.length,
    units: p.products.reduce((u, l) => u + (isProduct(l) ? (l.quantity ?? 1) : 0), 0),
  };
  return { order, orderLines };
}

function refund(n: EnrichedEvent, ev: SilverEvent): Pick<SilverRows, 'refund' | 'refundLines'> {
  const p = n.props as RefundProps;
  const lines = p.products ?? [];
  // Product revenue given back: the refunded lines when named (a `total` may include tax
  // and shipping), else the total the shop sent, else null for the whole order.
  const amount = lines.length
    ? sum(lines.map(lineAmount))
    : p.total !== undefined
      ? money(p.total)
      : null;
  return {
    refund: {
      seq: ev.seq,
      message_id: ev.message_id,
      order_id: p.order_id,
      kind: n.name === 'order_cancelled' ? 'cancel' : 'refund',
      refunded_at: ev.event_at,
      amount: amount ? fmt(amount) : null,
      total: p.total === undefined ? null : fmt(money(p.total)),
      currency: ev.currency,
      reason: p.reason ?? null,
      user_key: ev.user_key,
      line_count: lines.length,
    },
    refundLines: lines.map((l, i) => ({
      seq: ev.seq,
      line_no: i + 1,
      order_id: p.order_id,
      product_id: l.product_id,
      price: fmt(money(l.price)),
      quantity: l.quantity ?? 1,
      amount: fmt(lineAmount(l)),
    })),
  };
}

function adjustment(n: EnrichedEvent, ev: SilverEvent): SilverAdjustmentLine[] {
  const p = n.props as AdjustmentProps;
  return p.products.map((l, i) => ({
    seq: ev.seq,
    line_no: i + 1,
    message_id: ev.message_id,
    adjustment_id: p.adjustment_id,
    kind: p.kind,
    adjusted_at: ev.event_at,
    user_key: ev.user_key,
    product_id: l.product_id,
    name: l.name ?? null,
    price: fmt(money(l.price)),
    quantity: l.quantity,
    amount: fmt(lineAmount(l)),
    currency: ev.currency,
    reason: p.reason ?? null,
  }));
}

function traits(n: EnrichedEvent, ev: SilverEvent): SilverTraits {
  const t = n.props as Traits;
  return {
    seq: ev.seq,
    message_id: ev.message_id,
    user_id: ev.user_id,
    anonymous_id: ev.anonymous_id,
    user_key: ev.user_key,
    observed_at: ev.event_at,
    email: t.email ?? null,
    name: t.name ?? null,
    country: t.country ?? null,
    city: t.city ?? null,
    segment: t.segment ?? null,
    traits: JSON.stringify(n.props),
  };
}
