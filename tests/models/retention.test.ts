import { afterEach, describe, expect, it } from 'vitest';
import { modelWarehouse, order, page, type ModelWarehouse } from './harness.js';

let wh: ModelWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

const BOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const bought = (user: string, at: string, id: string) =>
  order(user, at, id, [{ id: 'p1', price: '10.00' }]);

// The cohort mart and everything upstream of it: other marts are not these tests' concern.
const COHORTS = ['+mart_retention_cohorts'];

/** [cohort_start, period_number, cohort_size, active_users, retention] per row. */
async function cohorts(w: ModelWarehouse, type: string, grain: string) {
  const rows = await w.rows(
    `select cohort_start, period_number, cohort_size, active_users, retention
     from mart_retention_cohorts where cohort_type = $1 and period_grain = $2
     order by cohort_start, period_number`,
    [type, grain],
  );
  return rows.map((r) => [
    r.cohort_start,
    r.period_number,
    Number(r.cohort_size),
    Number(r.active_users),
    r.retention,
  ]);
}

/*
 * The fixture, all at 12:00 UTC (reporting zone UTC), as of Wednesday 2026-06-10.
 * ISO weeks (Mondays): W0 05-04, W1 05-11, W2 05-18, W3 05-25, W4 06-01, W5 06-08 (current).
 *   a: visit + order 05-05 (W0), order 05-12 (W1), visit 05-26 (W3)
 *   b: visit 05-06 (W0), visit + order 05-20 (W2), order 06-09 (W5): first order two weeks
 *      after the first visit
 *   c: visit + order 05-19 (W2)
 *   d: visit 06-08 (W5)
 *   bot: a crawler's visit 05-12 (W1): no visit, so W1 has no new visitor
 * An order event is a visit too (a non-bot event that day).
 */
const FIXTURE = [
  page('a', '2026-05-05T12:00:00Z'),
  bought('a', '2026-05-05T12:00:00Z', 'o1'),
  bought('a', '2026-05-12T12:00:00Z', 'o2'),
  page('a', '2026-05-26T12:00:00Z'),
  page('b', '2026-05-06T12:00:00Z'),
  page('b', '2026-05-20T12:00:00Z'),
  bought('b', '2026-05-20T12:00:00Z', 'o3'),
  bought('b', '2026-06-09T12:00:00Z', 'o4'),
  page('c', '2026-05-19T12:00:00Z'),
  bought('c', '2026-05-19T12:00:00Z', 'o5'),
  page('d', '2026-06-08T12:00:00Z'),
  page('bot', '2026-05-12T12:00:00Z', { userAgent: BOT }),
];

describe('mart_retention_cohorts', () => {
  it('weekly cohorts by first visit and first order, empty weeks shown with null retention', async () => {
    wh = await modelWarehouse({ asOf: '2026-06-10T12:00:00Z' });
    expect(await wh.send(...FIXTURE)).toEqual([]);
    await wh.runGreen({ select: COHORTS });

    // First visit, weekly. W0 = {a, b}: W0 both (2/2), W1 a (order event), W2 b, W3 a,
    // W4 nobody, W5 b. W1, W3 and W4 have no new visitor: size 0, retention null.
    // W2 = {c}: only W2. W5 = {d}.
    expect(await cohorts(wh, 'first_visit', 'week')).toEqual([
      ['2026-05-04', 0, 2, 2, 1],
      ['2026-05-04', 1, 2, 1, 0.5],
      ['2026-05-04', 2, 2, 1, 0.5],
      ['2026-05-04', 3, 2, 1, 0.5],
      ['2026-05-04', 4, 2, 0, 0],
      ['2026-05-04', 5, 2, 1, 0.5],
      ['2026-05-11', 0, 0, 0, null],
      ['2026-05-11', 1, 0, 0, null],
      ['2026-05-11', 2, 0, 0, null],
      ['2026-05-11', 3, 0, 0, null],
      ['2026-05-11', 4, 0, 0, null],
      ['2026-05-18', 0, 1, 1, 1],
      ['2026-05-18', 1, 1, 0, 0],
      ['2026-05-18', 2, 1, 0, 0],
      ['2026-05-18', 3, 1, 0, 0],
      ['2026-05-25', 0, 0, 0, null],
      ['2026-05-25', 1, 0, 0, null],
      ['2026-05-25', 2, 0, 0, null],
      ['2026-06-01', 0, 0, 0, null],
      ['2026-06-01', 1, 0, 0, null],
      ['2026-06-08', 0, 1, 1, 1],
    ]);

    // First order, weekly. W0 = {a}: orders W0, W1. W2 = {b, c} (b visited in W0 but first
    // ordered in W2): W2 both, W5 b (1/2). W1, W3, W4, W5 are empty cohorts.
    expect(await cohorts(wh, 'first_order', 'week')).toEqual([
      ['2026-05-04', 0, 1, 1, 1],
      ['2026-05-04', 1, 1, 1, 1],
      ['2026-05-04', 2, 1, 0, 0],
      ['2026-05-04', 3, 1, 0, 0],
      ['2026-05-04', 4, 1, 0, 0],
      ['2026-05-04', 5, 1, 0, 0],
      ['2026-05-11', 0, 0, 0, null],
      ['2026-05-11', 1, 0, 0, null],
      ['2026-05-11', 2, 0, 0, null],
      ['2026-05-11', 3, 0, 0, null],
      ['2026-05-11', 4, 0, 0, null],
      ['2026-05-18', 0, 2, 2, 1],
      ['2026-05-18', 1, 2, 0, 0],
      ['2026-05-18', 2, 2, 0, 0],
      ['2026-05-18', 3, 2, 1, 0.5],
      ['2026-05-25', 0, 0, 0, null],
      ['2026-05-25', 1, 0, 0, null],
      ['2026-05-25', 2, 0, 0, null],
      ['2026-06-01', 0, 0, 0, null],
      ['2026-06-01', 1, 0, 0, null],
      ['2026-06-08', 0, 0, 0, null],
    ]);

    // Only the current week is flagged in progress.
    expect(
      await wh.rows(
        "select distinct period_start from mart_retention_cohorts where is_current_period and period_grain = 'week'",
      ),
    ).toEqual([{ period_start: '2026-06-08' }]);
  });

  it('monthly cohorts by first visit and first order', async () => {
    wh = await modelWarehouse({ asOf: '2026-06-10T12:00:00Z' });
    await wh.send(...FIXTURE);
    await wh.runGreen({ select: COHORTS });
    // First visit: May = {a, b, c} (3), June: b (order 06-09) -> 1/3; June = {d}: 1/1.
    expect(await cohorts(wh, 'first_visit', 'month')).toEqual([
      ['2026-05-01', 0, 3, 3, 1],
      ['2026-05-01', 1, 3, 1, 1 / 3],
      ['2026-06-01', 0, 1, 1, 1],
    ]);
    // First order: May = {a, b, c}, June: b -> 1/3; June: nobody new, shown empty.
    expect(await cohorts(wh, 'first_order', 'month')).toEqual([
      ['2026-05-01', 0, 3, 3, 1],
      ['2026-05-01', 1, 3, 1, 1 / 3],
      ['2026-06-01', 0, 0, 0, null],
    ]);
  });

  it('follows the clock into a new period and new events on the next run', async () => {
    wh = await modelWarehouse({ asOf: '2026-06-10T12:00:00Z' });
    await wh.send(...FIXTURE);
    await wh.runGreen({ select: COHORTS });
    // Monday 2026-06-15 (W6): c comes back and orders.
    await wh.send(bought('c', '2026-06-15T09:00:00Z', 'o6'));
    wh.setNow('2026-06-15T12:00:00Z');
    await wh.runGreen({ select: COHORTS });
    // W2 first-order cohort {b, c}: period 4 (W6) c -> 1/2; W0 {a}: period 6, 0.
    const rows = await cohorts(wh, 'first_order', 'week');
    expect(rows.filter((r) => r[0] === '2026-05-18')).toEqual([
      ['2026-05-18', 0, 2, 2, 1],
      ['2026-05-18', 1, 2, 0, 0],
      ['2026-05-18', 2, 2, 0, 0],
      ['2026-05-18', 3, 2, 1, 0.5],
      ['2026-05-18', 4, 2, 1, 0.5],
    ]);
    expect(rows.filter((r) => r[0] === '2026-05-04').at(-1)).toEqual(['2026-05-04', 6, 1, 0, 0]);
    expect(rows.at(-1)).toEqual(['2026-06-15', 0, 0, 0, null]);
  });
});
