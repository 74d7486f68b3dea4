import { afterEach, describe, expect, it } from 'vitest';
import { modelWarehouse, order, track, type ModelWarehouse } from './harness.js';

let wh: ModelWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

const MINE = new Set([
  'int_customer_orders',
  'int_product_days',
  'mart_rfm',
  'mart_customers',
  'mart_hot_leads',
  'mart_products',
]);

const AS_OF = '2026-06-30T12:00:00Z'; // as_of_day 2026-06-30 (UTC reporting zone)
const DAY = 86_400_000;
/** 10:00 UTC, `days` days before as_of_day. */
const daysAgo = (days: number) =>
  new Date(Date.parse('2026-06-30T10:00:00Z') - days * DAY).toISOString();

/**
 * `count` orders: the last `recency` days before as_of_day, the others a day apart before
 * it at 10.00 each, the last one carrying the rest of `amount`.
 */
function orders(user: string, recency: number, count: number, amount: number) {
  return Array.from({ length: count }, (_, i) => {
    const last = i === count - 1;
    const price = last ? (amount - 10 * (count - 1)).toFixed(2) : '10.00';
    return order(user, daysAgo(recency + count - 1 - i), `${user}-${i + 1}`, [{ id: 'p1', price }]);
  });
}

const SCORES =
  'select user_key, recency_days, frequency, monetary, r_score, f_score, m_score, rfm_total, rfm_segment from mart_rfm order by user_key';

describe('mart_rfm', () => {
  it('gives the most recent buyer R=5, equal values one score, and scores net revenue', async () => {
    wh = await modelWarehouse({ asOf: AS_OF });
    const q = await wh.send(
      ...orders('a', 1, 1, 150), // refunded 60 below: net 90
      ...orders('b', 10, 1, 100),
      ...orders('c', 20, 2, 100),
      ...orders('d', 30, 2, 120),
      ...orders('e', 60, 3, 200),
      track('a', 'Order Refunded', daysAgo(0), { order_id: 'a-1', total: '60.00' }),
    );
    expect(q).toEqual([]);
    await wh.runGreen({ strict: MINE });
    // 5 customers, worst first; position = mean of the places a value occupies;
    // score = ceil(5 * position / 5) = ceil(position).
    // R: e 60 d (1), d 30 (2), c 20 (3), b 10 (4), a 1 (5): the most recent, a, gets 5.
    // F: a, b 1 order (places 1-2, position 1.5 -> 2), c, d 2 (3-4, 3.5 -> 4), e 3 (5).
    // M (net): a 90 (1 -> 1; its gross 150 would be place 4), b, c 100 (2-3, 2.5 -> 3),
    //   d 120 (4), e 200 (5).
    expect(await wh.rows(SCORES)).toEqual([
      row('a', 1, 1, '90.0000', [5, 2, 1], 'Potential'), // 8
      row('b', 10, 1, '100.0000', [4, 2, 3], 'Potential'), // 9
      row('c', 20, 2, '100.0000', [3, 4, 3], 'Loyal'), // 10
      row('d', 30, 2, '120.0000', [2, 4, 4], 'Loyal'), // 10
      row('e', 60, 3, '200.0000', [1, 5, 5], 'Loyal'), // 11
    ]);
  });

  it('maps totals to segments at every boundary', async () => {
    wh = await modelWarehouse({ asOf: AS_OF });
    // 10 customers: score = ceil(5 * position / 10) = ceil(position / 2). Each dimension has
    // the same shape, worst first: a tie on places 1-3 (position 2 -> 1), place 4 (-> 2), a
    // tie on 5-7 (position 6 -> 3), place 8 (-> 4), places 9 and 10 (-> 5).
    // R: H, I, J 60 days; G 50; D, E, F 40; C 30; B 20; A 10.
    // F: H, I, J 1 order; E 2; C, F, G 3; D 4; B 5; A 6.
    // M: F, G, J 100; I 200; B, D, H 300; E 400; C 500; A 600.
    const q = await wh.send(
      ...orders('A', 10, 6, 600),
      ...orders('B', 20, 5, 300),
      ...orders('C', 30, 3, 500),
      ...orders('D', 40, 4, 300),
      ...orders('E', 40, 2, 400),
      ...orders('F', 40, 3, 100),
      ...orders('G', 50, 3, 100),
      ...orders('H', 60, 1, 300),
      ...orders('I', 60, 1, 200),
      ...orders('J', 60, 1, 100),
    );
    expect(q).toEqual([]);
    await wh.runGreen({ strict: MINE });
    const rows = await wh.rows(
      'select user_key, r_score, f_score, m_score, rfm_total, rfm_segment from mart_rfm order by rfm_total desc',
    );
    expect(rows.map((r) => [r.user_key, r.r_score, r.f_score, r.m_score, r.rfm_total])).toEqual([
      ['A', 5, 5, 5, 15],
      ['B', 5, 5, 3, 13],
      ['C', 4, 3, 5, 12],
      ['D', 3, 4, 3, 10],
      ['E', 3, 2, 4, 9],
      ['F', 3, 3, 1, 7],
      ['G', 2, 3, 1, 6],
      ['H', 1, 1, 3, 5],
      ['I', 1, 1, 2, 4],
      ['J', 1, 1, 1, 3],
    ]);
    expect(rows.map((r) => `${String(r.rfm_total)} ${String(r.rfm_segment)}`)).toEqual([
      '15 Champion',
      '13 Champion',
      '12 Loyal',
      '10 Loyal',
      '9 Potential',
      '7 Potential',
      '6 At Risk',
      '5 At Risk',
      '4 Lost',
      '3 Lost',
    ]);
  });

  it('keeps the score of a single customer and of all-equal customers well defined', async () => {
    wh = await modelWarehouse({ asOf: AS_OF });
    await wh.send(...orders('solo', 5, 1, 10));
    await wh.runGreen({ strict: MINE });
    // One customer: position 1 of 1 -> ceil(5 * 1 / 1) = 5 on each.
    expect(await wh.rows(SCORES)).toEqual([row('solo', 5, 1, '10.0000', [5, 5, 5], 'Champion')]);

    // Five customers with the same last day, orders and money: places 1-5, position 3 ->
    // ceil(5 * 3 / 5) = 3 each: nothing tells them apart, all in the middle.
    await wh.send(...['t1', 't2', 't3', 't4'].flatMap((u) => orders(u, 5, 1, 10)));
    await wh.runGreen({ strict: MINE });
    const scores = await wh.rows('select distinct r_score, f_score, m_score from mart_rfm');
    expect(scores).toEqual([{ r_score: 3, f_score: 3, m_score: 3 }]);
  });
});

function row(
  user: string,
  recency: number,
  frequency: number,
  monetary: string,
  [r, f, m]: [number, number, number],
  segment: string,
) {
  return {
    user_key: user,
    recency_days: recency,
    frequency: String(frequency),
    monetary,
    r_score: r,
    f_score: f,
    m_score: m,
    rfm_total: r + f + m,
    rfm_segment: segment,
  };
}
