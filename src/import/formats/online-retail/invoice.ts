import { messageIdOf } from '../../ids.js';
import type { ImportItem, MapperCounts } from '../../types.js';
import { bump, eventItem, present } from '../common.js';
import { lineType } from './codes.js';
import type { CancellationMatcher } from './matcher.js';

/** One invoice line, its values read and checked. */
export interface Line {
  row: string[];
  /** The row's exact text (rowKey), for duplicate detection and messageIds. */
  key: string;
  invoice: string;
  stockCode: string;
  name: string | undefined;
  quantity: number;
  price: string;
  /** The price's sign: the mapper never does arithmetic on money. */
  sign: -1 | 0 | 1;
  at: string;
  customer: string | undefined;
  country: string;
}

export interface Invoice {
  number: string;
  lines: Line[];
}

export interface InvoiceContext {
  matcher: CancellationMatcher;
  counts: MapperCounts;
  /** Each customer's last country sent, to send an identify when it is new or changes. */
  countries: Map<string, string>;
}

type Adjustments = Map<string, { line: Line; quantity: number }[]>;

/**
 * The events of one invoice (rules in docs/import.md): an order of its sale lines, the
 * cancellations its C lines make of earlier orders, and adjustments for everything else;
 * an identify first when the customer is new or has moved.
 */
export function invoiceItems(inv: Invoice, ctx: InvoiceContext): ImportItem[] {
  const first = inv.lines[0]!;
  const items: ImportItem[] = [];
  const identify = identifyItem(first, ctx.countries);
  if (identify) items.push(identify);
  const adjustments: Adjustments = new Map();
  const adjust = (kind: string, line: Line, quantity = line.quantity) => {
    const list = adjustments.get(kind) ?? [];
    adjustments.set(kind, list);
    list.push({ line, quantity });
    bump(ctx.counts.adjustments, kind);
  };
  const seen = new Set<string>();
  const kept: Line[] = [];
  for (const line of inv.lines) {
    const key = line.key;
    if (seen.has(key)) {
      ctx.counts.duplicateRows += 1;
      adjust('duplicate_line', line);
    } else {
      seen.add(key);
      kept.push(line);
    }
  }
  const kind = inv.number[0];
  if (kind === 'C') items.push(...cancellations(inv, kept, ctx.matcher, adjust));
  else if (kind === 'A') kept.forEach((l) => adjust('bad_debt', l));
  else {
    const sales = kept.filter((l) => l.quantity > 0 && l.sign > 0);
    for (const l of kept) {
      if (l.quantity > 0 && l.sign > 0) continue;
      adjust(l.quantity < 0 ? 'stock' : l.sign === 0 ? 'free_line' : 'other', l);
    }
    if (sales.length > 0) items.push(order(inv.number, sales, ctx.matcher));
  }
  for (const [adjustmentKind, lines] of adjustments) {
    items.push(adjustment(inv.number, adjustmentKind, lines));
  }
  return items;
}

function envelope(line: Line, invoice: string) {
  return {
    ...(line.customer ? { userId: line.customer } : { anonymousId: `guest-${invoice}` }),
    timestamp: line.at,
    context: { location: { country: line.country } },
  };
}

function identifyItem(line: Line, countries: Map<string, string>): ImportItem | null {
  if (!line.customer || countries.get(line.customer) === line.country) return null;
  countries.set(line.customer, line.country);
  const messageId = messageIdOf('online-retail-identify', line.customer, line.invoice);
  return eventItem('identify', null, messageId, {
    userId: line.customer,
    timestamp: line.at,
    traits: { country: line.country },
  });
}

/** Lines of a cancellation or an adjustment: signed quantities, the source line's price. */
const partLines = (parts: { line: Line; quantity: number }[]) =>
  parts.map((x) => ({
    product_id: x.line.stockCode,
    name: x.line.name,
    price: x.line.price,
    quantity: x.quantity,
  }));

/** The part of an id that says which lines, and how much of each, an event takes. */
const partKeys = (parts: { line: Line; quantity: number }[]) =>
  parts.map((x) => `${x.line.key}\u001f${x.quantity}`);

function order(invoice: string, sales: Line[], matcher: CancellationMatcher): ImportItem {
  const first = sales[0]!;
  const products = sales.map((l) => {
    const type = lineType(l.stockCode);
    if (l.customer && type === 'product')
      matcher.addSale(l.customer, l.stockCode, invoice, l.quantity);
    return {
      product_id: l.stockCode,
      name: l.name,
      price: l.price,
      quantity: l.quantity,
      ...(type === 'product' ? {} : { line_type: type }),
    };
  });
  const messageId = messageIdOf('online-retail-order', invoice, ...sales.map((l) => l.key));
  return eventItem('track', 'order_completed', messageId, {
    ...envelope(first, invoice),
    properties: { order_id: invoice, currency: 'GBP', products },
  });
}

function cancellations(
  inv: Invoice,
  kept: Line[],
  matcher: CancellationMatcher,
  adjust: (kind: string, line: Line, quantity?: number) => void,
): ImportItem[] {
  const byOrder = new Map<string, { line: Line; quantity: number }[]>();
  for (const l of kept) {
    if (l.quantity >= 0 || l.sign <= 0) adjust('other', l);
    else if (lineType(l.stockCode) !== 'product') adjust('non_product_credit', l);
    else {
      const { parts, unmatched } = l.customer
        ? matcher.cancel(l.customer, l.stockCode, -l.quantity)
        : { parts: [], unmatched: -l.quantity };
      for (const p of parts) {
        const list = byOrder.get(p.orderId) ?? [];
        byOrder.set(p.orderId, list);
        list.push({ line: l, quantity: p.quantity });
      }
      if (unmatched > 0) adjust('unmatched_cancellation', l, -unmatched);
    }
  }
  const first = inv.lines[0]!;
  return [...byOrder].map(([orderId, parts]) =>
    eventItem(
      'track',
      'order_cancelled',
      messageIdOf('online-retail-cancel', inv.number, orderId, ...partKeys(parts)),
      {
        ...envelope(first, inv.number),
        properties: {
          order_id: orderId,
          currency: 'GBP',
          reason: `cancelled by invoice ${inv.number}`,
          products: partLines(parts),
        },
      },
    ),
  );
}

function adjustment(
  invoice: string,
  kind: string,
  parts: { line: Line; quantity: number }[],
): ImportItem {
  const first = parts[0]!.line;
  const messageId = messageIdOf('online-retail-adjustment', invoice, kind, ...partKeys(parts));
  return eventItem('track', 'adjustment_recorded', messageId, {
    ...envelope(first, invoice),
    properties: {
      adjustment_id: `${invoice}-${kind}`,
      kind,
      reason: present(first.name),
      currency: 'GBP',
      products: partLines(parts),
    },
  });
}
