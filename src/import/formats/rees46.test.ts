import { describe, expect, it } from 'vitest';
import type { ImportItem } from '../types.js';
import { rees46Mapper } from './rees46.js';

const row = (
  time: string,
  type: string,
  product: string,
  price: string,
  user = '541312140',
  session = 's1',
) => [
  `2019-10-01 ${time} UTC`,
  type,
  product,
  '2103807459595387724',
  '',
  'shiseido',
  price,
  user,
  session,
];

function map(rows: string[][]) {
  const m = rees46Mapper();
  const out: ImportItem[] = [];
  for (const r of rows) m.push(r, out);
  m.end(out);
  return { out, counts: m.counts() };
}
/** The event of an item that must be one. */
const ev = (i: ImportItem | undefined) => {
  if (i?.kind !== 'event') throw new Error('not an event');
  return i.event as Record<string, unknown> & { properties: Record<string, unknown> };
};
const names = (out: ImportItem[]) =>
  out.map((i) => (i.kind === 'raw' ? i.reason : ((i.event.event ?? i.event.type) as string)));

describe('REES46 mapping', () => {
  it('maps a view to a page and a product view, in UTC, ids as strings', () => {
    const { out } = map([row('00:00:05', 'view', '44600062', '35.79')]);
    expect(names(out)).toEqual(['page', 'product_viewed']);
    const e = ev(out[1]);
    expect(e.timestamp).toBe('2019-10-01T00:00:05Z');
    expect(e.userId).toBe('541312140');
    expect(e.properties).toEqual({
      product_id: '44600062',
      category_id: '2103807459595387724',
      brand: 'shiseido',
      price: '35.79',
      currency: 'USD',
    });
  });

  it("groups a session's purchases of one second into one order after an inferred checkout", () => {
    const { out, counts } = map([
      row('00:01:00', 'purchase', 'p1', '10.00'),
      row('00:01:00', 'purchase', 'p2', '5.50'),
      row('00:01:00', 'purchase', 'p3', '1.00', '9', 's2'),
      row('00:01:01', 'purchase', 'p1', '10.00'),
    ]);
    expect(names(out)).toEqual([
      'checkout_started',
      'order_completed',
      'checkout_started',
      'order_completed',
      'checkout_started',
      'order_completed',
    ]);
    const orders = out
      .filter((i) => i.kind === 'event' && i.event.event === 'order_completed')
      .map((i) => ev(i).properties);
    expect(orders.map((o) => [o.order_id, (o.products as unknown[]).length])).toEqual([
      ['s1-1569888060', 2],
      ['s2-1569888060', 1],
      ['s1-1569888061', 1],
    ]);
    expect(counts.inferred).toBe(3);
  });

  it('gives an exact duplicate row its first copy’s messageId; a duplicate purchase is an adjustment', () => {
    const { out, counts } = map([
      row('00:02:00', 'cart', 'p1', '10.00'),
      row('00:02:00', 'cart', 'p1', '10.00'),
      row('00:02:00', 'purchase', 'p1', '10.00'),
      row('00:02:00', 'purchase', 'p1', '10.00'),
    ]);
    const ids = out.map((i) => (i.kind === 'event' ? i.messageId : ''));
    expect(ids[0]).toBe(ids[1]);
    expect(names(out).slice(2)).toEqual([
      'checkout_started',
      'order_completed',
      'adjustment_recorded',
    ]);
    expect(counts).toMatchObject({ duplicateRows: 2, adjustments: { duplicate_line: 1 } });
  });

  it('passes a bad time on for the pipeline to quarantine, and keeps a short row raw', () => {
    const { out } = map([
      ['2019-10-01 00:00:00', 'view', 'p1', '', '', '', '1', 'u', 's'],
      ['x', 'y'],
    ]);
    expect(ev(out[1]).timestamp).toBe('2019-10-01 00:00:00');
    expect(names(out).at(-1)).toBe('malformed_row');
  });
});
