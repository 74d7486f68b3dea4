import { describe, expect, it } from 'vitest';
import type { ImportItem } from '../../types.js';
import { onlineRetailMapper } from './index.js';

const row = (
  invoice: string,
  code: string,
  quantity: string,
  date: string,
  price: string,
  customer = '17850.0',
  description = 'WHITE HANGING HEART',
  country = 'United Kingdom',
) => [invoice, code, description, quantity, date, price, customer, country];

function map(rows: string[][]) {
  const m = onlineRetailMapper({ zone: 'Europe/London' });
  const out: ImportItem[] = [];
  for (const r of rows) m.push(r, out);
  m.end(out);
  const events = out.flatMap((i) => (i.kind === 'event' ? [i.event] : []));
  const props = (name: string) =>
    events.filter((e) => e.event === name).map((e) => e.properties as Record<string, unknown>);
  return { out, events, props, counts: m.counts() };
}

describe('Online Retail mapping', () => {
  it('makes one order per invoice in UTC, with non-product lines typed and an identify first', () => {
    const { events, props } = map([
      row('536365', '85123A', '6', '2011-07-01 09:26:00', '2.55'),
      row('536365', 'POST', '1', '2011-07-01 09:26:00', '18.00'),
      row('536366', '22633', '2', '2010-12-01 08:28:00', '1.85', ''),
    ]);
    expect(events.map((e) => (e.type === 'identify' ? 'identify' : e.event))).toEqual([
      'identify',
      'order_completed',
      'order_completed',
    ]);
    // Summer time: 09:26 in London is 08:26 UTC; winter time is UTC itself.
    expect(events[1]!.timestamp).toBe('2011-07-01T08:26:00.000Z');
    expect(events[2]!.timestamp).toBe('2010-12-01T08:28:00.000Z');
    expect(events[1]!.userId).toBe('17850');
    expect(events[2]!.anonymousId).toBe('guest-536366');
    expect(props('order_completed')[0]!.products).toEqual([
      { product_id: '85123A', name: 'WHITE HANGING HEART', price: '2.55', quantity: 6 },
      {
        product_id: 'POST',
        name: 'WHITE HANGING HEART',
        price: '18.00',
        quantity: 1,
        line_type: 'shipping',
      },
    ]);
  });

  it('matches a C invoice to the newest earlier sales of the customer and stock code', () => {
    const { props, counts } = map([
      row('1001', 'A', '5', '2011-01-10 10:00:00', '2.00'),
      row('1002', 'A', '3', '2011-01-11 10:00:00', '2.00'),
      row('C1003', 'A', '-7', '2011-01-12 10:00:00', '2.00'),
      row('C1003', 'POST', '-1', '2011-01-12 10:00:00', '18.00'),
      row('C1004', 'A', '-4', '2011-01-13 10:00:00', '2.00'),
    ]);
    // -7 takes 3 from 1002 (newest) and 4 from 1001; -4 then finds 1 left in 1001.
    expect(props('order_cancelled')).toEqual([
      expect.objectContaining({
        order_id: '1002',
        products: [expect.objectContaining({ quantity: 3 })],
      }),
      expect.objectContaining({
        order_id: '1001',
        products: [expect.objectContaining({ quantity: 4 })],
      }),
      expect.objectContaining({
        order_id: '1001',
        products: [expect.objectContaining({ quantity: 1 })],
      }),
    ]);
    const adjustments = props('adjustment_recorded');
    expect(
      adjustments.map((a) => [a.kind, (a.products as { quantity: number }[])[0]!.quantity]),
    ).toEqual([
      ['non_product_credit', -1],
      ['unmatched_cancellation', -3],
    ]);
    expect(counts.adjustments).toEqual({ non_product_credit: 1, unmatched_cancellation: 1 });
  });

  it('keeps duplicates, stock, free and bad-debt lines apart as adjustments', () => {
    const { props, counts } = map([
      row('2001', 'X', '2', '2011-03-01 10:00:00', '1.25'),
      row('2001', 'X', '2', '2011-03-01 10:00:00', '1.25'),
      row('2001', 'Y', '1', '2011-03-01 10:00:00', '0.00'),
      row('2002', 'Z', '-10', '2011-03-01 11:00:00', '0', ''),
      row('A2003', 'B', '1', '2011-03-01 12:00:00', '-11062.06', '', 'Adjust bad debt'),
    ]);
    expect(props('order_completed')[0]!.products).toHaveLength(1);
    expect(props('adjustment_recorded').map((a) => a.kind)).toEqual([
      'duplicate_line',
      'free_line',
      'stock',
      'bad_debt',
    ]);
    expect(counts.duplicateRows).toBe(1);
  });

  it('reads a line whose values are wrong as a malformed row, never a crash', () => {
    const { out, counts } = map([
      row('3001', 'X', 'two', '2011-03-01 10:00:00', '1.25'),
      ['3002', 'too', 'few'],
      row('3003', 'X', '1', '2011-02-30 10:00:00', '1.25'),
    ]);
    expect(out.map((i) => i.kind === 'raw' && i.reason)).toEqual([
      'malformed_row',
      'malformed_row',
      'malformed_row',
    ]);
    expect(counts.rows).toBe(3);
  });

  it('gives the same messageIds on a second pass (re-import is a no-op)', () => {
    const rows = [
      row('1001', 'A', '5', '2011-01-10 10:00:00', '2.00'),
      row('C1003', 'A', '-2', '2011-01-12 10:00:00', '2.00'),
    ];
    const ids = (r: ImportItem[]) => r.map((i) => (i.kind === 'event' ? i.messageId : ''));
    expect(ids(map(rows).out)).toEqual(ids(map(rows).out));
    expect(new Set(ids(map(rows).out)).size).toBe(3);
  });
});
