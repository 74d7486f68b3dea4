import { messageIdOf } from '../ids.js';
import { emptyCounts, type ImportItem, type Mapper } from '../types.js';
import { bump, eventItem, malformedRow, present, rowKey } from './common.js';

export const REES46_COLUMNS = [
  'event_time',
  'event_type',
  'product_id',
  'category_id',
  'category_code',
  'brand',
  'price',
  'user_id',
  'user_session',
];

const TRACK_NAMES: Record<string, string> = {
  view: 'product_viewed',
  cart: 'product_added',
  remove_from_cart: 'product_removed',
};

/** `2019-10-01 00:00:00 UTC`, read explicitly as UTC; anything else is passed on as it is. */
export function rees46Time(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC$/.exec(text);
  return m ? `${m[1]}T${m[2]}Z` : text;
}

interface PurchaseGroup {
  orderId: string;
  rows: string[][];
  keys: Set<string>;
}

/**
 * REES46 behaviour rows to events (rules in docs/import.md): a view is a product page load
 * (an inferred `page` and a `product_viewed`), cart and remove_from_cart are product_added
 * and product_removed, and the purchases of one session in one second are one order, with
 * an inferred `checkout_started` before it. An exact duplicate row gets its first copy's
 * messageId, so the pipeline quarantines it as `duplicate`; a duplicate purchase row becomes
 * a `duplicate_line` adjustment. Rows come in time order, so groups close when the second
 * changes.
 */
export function rees46Mapper(): Mapper<string[]> {
  const counts = emptyCounts();
  let second = '';
  let seen = new Set<string>();
  let groups = new Map<string, PurchaseGroup>();

  const flush = (out: ImportItem[]) => {
    for (const g of groups.values()) out.push(...order(g, counts));
    groups = new Map();
    seen = new Set();
  };

  return {
    counts: () => counts,
    end: flush,
    push(row, out) {
      counts.rows += 1;
      if (row.length !== REES46_COLUMNS.length) {
        out.push(malformedRow(row));
        return;
      }
      const [time, type, , , , , , userId, session] = row as [string, ...string[]];
      if (time !== second) {
        flush(out);
        second = time;
      }
      const key = rowKey(row);
      const duplicate = seen.has(key);
      seen.add(key);
      if (duplicate) counts.duplicateRows += 1;
      if (type === 'purchase') {
        const id = `${session}-${Date.parse(rees46Time(time)) / 1000}`;
        const groupKey = `${session}\u001f${userId}`;
        const g = groups.get(groupKey) ?? { orderId: id, rows: [], keys: new Set() };
        groups.set(groupKey, g);
        g.rows.push(row);
        return;
      }
      out.push(...track(row, messageIdOf('rees46', key), counts));
    },
  };
}

function envelope(row: string[]) {
  const [time, , , , , , , userId, session] = row as [string, ...string[]];
  return {
    userId: present(userId),
    timestamp: rees46Time(time),
    context: { sessionId: session },
  };
}

function product(row: string[]) {
  const [, , productId, categoryId, categoryCode, brand, price] = row as [string, ...string[]];
  return {
    product_id: productId,
    category_id: present(categoryId),
    category: present(categoryCode),
    brand: present(brand),
    price: present(price),
  };
}

function track(row: string[], messageId: string, counts: { inferred: number }): ImportItem[] {
  const type = row[1]!;
  const base = envelope(row);
  const items: ImportItem[] = [];
  if (type === 'view') {
    counts.inferred += 1;
    items.push(
      eventItem('page', null, messageIdOf('rees46-page', messageId), {
        ...base,
        context: { ...base.context, page: { path: `/product/${row[2]}` } },
        properties: { inferred: true },
      }),
    );
  }
  const properties = { ...product(row), currency: 'USD' };
  items.push(eventItem('track', TRACK_NAMES[type] ?? type, messageId, { ...base, properties }));
  return items;
}

function order(g: PurchaseGroup, counts: ReturnType<typeof emptyCounts>): ImportItem[] {
  const base = envelope(g.rows[0]!);
  const duplicates: ImportItem[] = [];
  const lines: string[][] = [];
  for (const row of g.rows) {
    const key = rowKey(row);
    if (!g.keys.has(key)) {
      g.keys.add(key);
      lines.push(row);
      continue;
    }
    bump(counts.adjustments, 'duplicate_line');
    const messageId = messageIdOf('rees46-duplicate', key, String(duplicates.length));
    const properties = {
      adjustment_id: `${g.orderId}-duplicate-${duplicates.length + 1}`,
      kind: 'duplicate_line',
      reason: 'an exact duplicate of a purchase row of the same order',
      currency: 'USD',
      products: [{ product_id: row[2], price: row[6], quantity: 1 }],
    };
    duplicates.push(eventItem('track', 'adjustment_recorded', messageId, { ...base, properties }));
  }
  counts.inferred += 1;
  const products = lines.map((row) => ({ ...product(row), quantity: 1 }));
  return [
    eventItem('track', 'checkout_started', messageIdOf('rees46-checkout', g.orderId), {
      ...base,
      properties: { order_id: g.orderId, currency: 'USD', inferred: true },
    }),
    eventItem(
      'track',
      'order_completed',
      messageIdOf('rees46-order', g.orderId, ...lines.map(rowKey)),
      { ...base, properties: { order_id: g.orderId, currency: 'USD', products } },
    ),
    ...duplicates,
  ];
}
