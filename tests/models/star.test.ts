import { afterEach, describe, expect, it } from 'vitest';
import { identify, modelWarehouse, order, page, track, type ModelWarehouse } from './harness.js';

/** The star schema and everything it reads (int_order_lines: a data test compares with it). */
const STAR = [
  '+dim_customer',
  '+dim_product',
  '+dim_date',
  '+fct_sales',
  '+fct_events',
  '+fct_daily_sales',
  '+fct_product_daily',
  '+fct_customer_daily',
  '+int_order_lines',
];

let wh: ModelWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

/** Runs the star models; every model succeeds and every data test passes (warnings aside). */
async function runStar(w: ModelWarehouse) {
  const run = await w.run({ select: STAR });
  expect(run.models.filter((m) => m.status === 'error')).toEqual([]);
  const tests = await w.test(STAR);
  expect(tests.results.filter((r) => r.status === 'fail' || r.status === 'error')).toEqual([]);
  return run;
}

const mode = (run: Awaited<ReturnType<typeof runStar>>, model: string) =>
  run.models.find((m) => m.model === model)?.mode;

/** An order whose event carries a context country. */
function orderFrom(country: string, ...args: Parameters<typeof order>) {
  return { ...order(...args), context: { location: { country } } };
}

const ann = (country: string, city: string, segment = 'retail') => ({
  email: 'ann@example.com',
  name: 'Ann',
  country,
  city,
  segment,
});

describe('dim_customer (SCD type 2) and the point-in-time join of fct_sales', () => {
  it('versions on trait changes only, in observed order, and joins each order to its version', async () => {
    wh = await modelWarehouse({ asOf: '2026-04-30T00:00:00Z' });
    // First batch: the FR identify and an order after it.
    await wh.send(
      identify('u1', '2026-03-20T10:00:00Z', ann('FR', 'Paris')),
      order('u1', '2026-03-25T12:00:00Z', 'o2', [{ id: 'p1', price: '30.00' }]),
    );
    await runStar(wh);
    expect(await wh.rows('select customer_sk, country, is_current from dim_customer')).toEqual([
      { customer_sk: 'u1#2026-03-20 10:00:00', country: 'FR', is_current: true },
    ]);

    // Later batch, out of order: UK on 03-05 then (arriving after it) UK on 03-01, an order
    // between UK and FR, one between FR and a partial identify that only changes the
    // segment, and customers who order before identifying or never identify.
    await wh.send(
      identify('u1', '2026-03-05T10:00:00Z', ann('UK', 'London')),
      identify('u1', '2026-03-01T10:00:00Z', ann('UK', 'London')),
      order('u1', '2026-03-10T12:00:00Z', 'o1', [{ id: 'p1', price: '20.00' }]),
      order('u1', '2026-03-21T12:00:00Z', 'o3', [{ id: 'p1', price: '10.00' }]),
      identify('u1', '2026-03-22T09:00:00Z', { segment: 'vip' }),
      orderFrom('DE', 'u2', '2026-03-12T09:00:00Z', 'o4', [{ id: 'p1', price: '5.00' }]),
      order('anon-9', '2026-03-12T10:00:00Z', 'o5', [{ id: 'p1', price: '5.00' }]),
      orderFrom('ES', 'u3', '2026-03-15T08:00:00Z', 'o6', [{ id: 'p1', price: '5.00' }]),
      identify('u3', '2026-03-16T08:00:00Z', { country: 'IT' }),
      orderFrom('ES', 'u3', '2026-03-17T08:00:00Z', 'o7', [{ id: 'p1', price: '5.00' }]),
    );
    const second = await runStar(wh);
    expect(mode(second, 'int_star_customer_versions')).toBe('incremental');
    expect(mode(second, 'int_star_sales_lines')).toBe('incremental');

    const versions = await wh.rows(
      `select customer_sk, version_no, country, city, segment, email, has_traits,
              cast(valid_to as varchar) as valid_to, is_current
       from dim_customer order by user_key, valid_from`,
    );
    expect(versions).toEqual([
      // An anonymous buyer who never identified: unknown traits from the first order on.
      {
        customer_sk: 'anon-9#2026-03-12 10:00:00',
        version_no: 1,
        country: null,
        city: null,
        segment: null,
        email: null,
        has_traits: false,
        valid_to: '9999-12-31 00:00:00',
        is_current: true,
      },
      // UK from the earliest identify (03-01); the repeat on 03-05 starts nothing.
      {
        customer_sk: 'u1#2026-03-01 10:00:00',
        version_no: 1,
        country: 'UK',
        city: 'London',
        segment: 'retail',
        email: 'ann@example.com',
        has_traits: true,
        valid_to: '2026-03-20 10:00:00',
        is_current: false,
      },
      {
        customer_sk: 'u1#2026-03-20 10:00:00',
        version_no: 2,
        country: 'FR',
        city: 'Paris',
        segment: 'retail',
        email: 'ann@example.com',
        has_traits: true,
        valid_to: '2026-03-22 09:00:00',
        is_current: false,
      },
      // The partial identify keeps the traits it does not carry.
      {
        customer_sk: 'u1#2026-03-22 09:00:00',
        version_no: 3,
        country: 'FR',
        city: 'Paris',
        segment: 'vip',
        email: 'ann@example.com',
        has_traits: true,
        valid_to: '9999-12-31 00:00:00',
        is_current: true,
      },
      // Ordered, never identified.
      {
        customer_sk: 'u2#2026-03-12 09:00:00',
        version_no: 1,
        country: null,
        city: null,
        segment: null,
        email: null,
        has_traits: false,
        valid_to: '9999-12-31 00:00:00',
        is_current: true,
      },
      // Ordered first (unknown traits), identified the next day.
      {
        customer_sk: 'u3#2026-03-15 08:00:00',
        version_no: 1,
        country: null,
        city: null,
        segment: null,
        email: null,
        has_traits: false,
        valid_to: '2026-03-16 08:00:00',
        is_current: false,
      },
      {
        customer_sk: 'u3#2026-03-16 08:00:00',
        version_no: 2,
        country: 'IT',
        city: null,
        segment: null,
        email: null,
        has_traits: true,
        valid_to: '9999-12-31 00:00:00',
        is_current: true,
      },
    ]);

    const sales = await wh.rows(
      'select order_id, customer_sk, country, country_source, date_key from fct_sales order by order_id',
    );
    expect(sales).toEqual([
      // between the UK and the FR identify: the UK version
      {
        order_id: 'o1',
        customer_sk: 'u1#2026-03-01 10:00:00',
        country: 'UK',
        country_source: 'customer',
        date_key: '2026-03-10',
      },
      // after the vip identify (which arrived later): rebuilt onto the vip version
      {
        order_id: 'o2',
        customer_sk: 'u1#2026-03-22 09:00:00',
        country: 'FR',
        country_source: 'customer',
        date_key: '2026-03-25',
      },
      // after FR, before vip
      {
        order_id: 'o3',
        customer_sk: 'u1#2026-03-20 10:00:00',
        country: 'FR',
        country_source: 'customer',
        date_key: '2026-03-21',
      },
      // no identify: the order event's country
      {
        order_id: 'o4',
        customer_sk: 'u2#2026-03-12 09:00:00',
        country: 'DE',
        country_source: 'order_event',
        date_key: '2026-03-12',
      },
      // no identify, no context country
      {
        order_id: 'o5',
        customer_sk: 'anon-9#2026-03-12 10:00:00',
        country: 'unknown',
        country_source: 'unknown',
        date_key: '2026-03-12',
      },
      // before u3's identify: unknown version, the event's ES; after it: the customer's IT
      {
        order_id: 'o6',
        customer_sk: 'u3#2026-03-15 08:00:00',
        country: 'ES',
        country_source: 'order_event',
        date_key: '2026-03-15',
      },
      {
        order_id: 'o7',
        customer_sk: 'u3#2026-03-16 08:00:00',
        country: 'IT',
        country_source: 'customer',
        date_key: '2026-03-17',
      },
    ]);
  });
});

describe('dim_date', () => {
  it('has the calendar parts across a year boundary, ISO weeks 53 and 1, and weekends', async () => {
    // Events on 2020-12-30 and 2021-01-04; as_of_day 2021-01-05 extends the calendar.
    wh = await modelWarehouse({ asOf: '2021-01-05T12:00:00Z' });
    await wh.send(page('v1', '2020-12-30T12:00:00Z'), page('v1', '2021-01-04T08:00:00Z'));
    await runStar(wh);
    const days = await wh.rows(
      `select cast(date_key as varchar) as d, year, quarter, month, month_name, day_of_month,
              day_of_year, iso_year, iso_week, day_of_week, day_name,
              cast(week_start as varchar) as week_start, cast(month_start as varchar) as month_start,
              cast(quarter_start as varchar) as quarter_start, is_weekend
       from dim_date order by date_key`,
    );
    const day = (
      d: string,
      [year, quarter, month, monthName, dom, doy]: [number, number, number, string, number, number],
      [isoYear, isoWeek, dow, dayName, weekStart]: [number, number, number, string, string],
      [monthStart, quarterStart, weekend]: [string, string, boolean],
    ) => ({
      d,
      year,
      quarter,
      month,
      month_name: monthName,
      day_of_month: dom,
      day_of_year: doy,
      iso_year: isoYear,
      iso_week: isoWeek,
      day_of_week: dow,
      day_name: dayName,
      week_start: weekStart,
      month_start: monthStart,
      quarter_start: quarterStart,
      is_weekend: weekend,
    });
    expect(days).toEqual([
      // 2020 is a leap year: 30 December is day 365. 2020 has 53 ISO weeks (it began on a
      // Wednesday, and 2021-01-01 is a Friday), so 28 Dec .. 3 Jan is week 53 of ISO 2020.
      day(
        '2020-12-30',
        [2020, 4, 12, 'December', 30, 365],
        [2020, 53, 3, 'Wednesday', '2020-12-28'],
        ['2020-12-01', '2020-10-01', false],
      ),
      day(
        '2020-12-31',
        [2020, 4, 12, 'December', 31, 366],
        [2020, 53, 4, 'Thursday', '2020-12-28'],
        ['2020-12-01', '2020-10-01', false],
      ),
      day(
        '2021-01-01',
        [2021, 1, 1, 'January', 1, 1],
        [2020, 53, 5, 'Friday', '2020-12-28'],
        ['2021-01-01', '2021-01-01', false],
      ),
      day(
        '2021-01-02',
        [2021, 1, 1, 'January', 2, 2],
        [2020, 53, 6, 'Saturday', '2020-12-28'],
        ['2021-01-01', '2021-01-01', true],
      ),
      day(
        '2021-01-03',
        [2021, 1, 1, 'January', 3, 3],
        [2020, 53, 7, 'Sunday', '2020-12-28'],
        ['2021-01-01', '2021-01-01', true],
      ),
      // The first Monday of 2021 starts ISO week 1 of 2021.
      day(
        '2021-01-04',
        [2021, 1, 1, 'January', 4, 4],
        [2021, 1, 1, 'Monday', '2021-01-04'],
        ['2021-01-01', '2021-01-01', false],
      ),
      // No event: there because as_of_day is 2021-01-05.
      day(
        '2021-01-05',
        [2021, 1, 1, 'January', 5, 5],
        [2021, 1, 2, 'Tuesday', '2021-01-04'],
        ['2021-01-01', '2021-01-01', false],
      ),
    ]);
  });
});

describe('fct_sales and the daily aggregates', () => {
  it('sum by day, country and payment method, and take late refunds into old days', async () => {
    wh = await modelWarehouse({ asOf: '2026-04-30T00:00:00Z' });
    await wh.send(
      identify('c1', '2026-03-01T10:00:00Z', { country: 'UK' }),
      identify('c2', '2026-03-01T10:00:00Z', { country: 'UK' }),
      // 2026-04-10 is a Friday.
      order(
        'c1',
        '2026-04-10T10:00:00Z',
        'o1',
        [
          { id: 'p1', price: '10.00', quantity: 2 },
          { id: 'p2', price: '5.50' },
        ],
        { payment_method: 'paypal' },
      ),
      order('c2', '2026-04-10T11:00:00Z', 'o2', [{ id: 'p1', price: '10.00' }], {
        payment_method: 'credit_card',
      }),
      orderFrom(
        'DE',
        'c3',
        '2026-04-10T12:00:00Z',
        'o3',
        [{ id: 'p3', price: '7.25', quantity: 4 }],
        {
          payment_method: 'paypal',
        },
      ),
      order(
        'c1',
        '2026-04-10T13:00:00Z',
        'o4',
        [
          { id: 'p2', price: '5.50', quantity: 2 },
          { id: 'ship', price: '4.99', line_type: 'shipping' },
        ],
        { payment_method: 'paypal' },
      ),
    );
    await runStar(wh);
    const daily = () =>
      wh!.rows(
        `select country, payment_method, day_of_week, orders, customers, units, gross_revenue,
                refunded_revenue, net_revenue, non_product_revenue
         from fct_daily_sales where date_key = date '2026-04-10' order by country, payment_method`,
      );
    expect(await daily()).toEqual([
      // o3: 7.25 x 4 = 29.00
      {
        country: 'DE',
        payment_method: 'paypal',
        day_of_week: 5,
        orders: '1',
        customers: '1',
        units: '4',
        gross_revenue: '29.0000',
        refunded_revenue: '0.0000',
        net_revenue: '29.0000',
        non_product_revenue: '0.0000',
      },
      // o2: 10.00
      {
        country: 'UK',
        payment_method: 'credit_card',
        day_of_week: 5,
        orders: '1',
        customers: '1',
        units: '1',
        gross_revenue: '10.0000',
        refunded_revenue: '0.0000',
        net_revenue: '10.0000',
        non_product_revenue: '0.0000',
      },
      // o1 (10.00 x 2 + 5.50 = 25.50, 3 units) + o4 (5.50 x 2 = 11.00, 2 units; shipping
      // 4.99 apart): 36.50, 5 units, one customer (c1)
      {
        country: 'UK',
        payment_method: 'paypal',
        day_of_week: 5,
        orders: '2',
        customers: '1',
        units: '5',
        gross_revenue: '36.5000',
        refunded_revenue: '0.0000',
        net_revenue: '36.5000',
        non_product_revenue: '4.9900',
      },
    ]);

    // Five days later: o1's p2 line is refunded, and 5.80 of o3 (no lines: spread over
    // its only line). The refunds change 2026-04-10, older than the run's window.
    await wh.send(
      track('c1', 'Order Refunded', '2026-04-15T09:00:00Z', {
        order_id: 'o1',
        products: [{ product_id: 'p2', price: '5.50' }],
      }),
      track('c3', 'Order Refunded', '2026-04-15T10:00:00Z', { order_id: 'o3', total: '5.80' }),
    );
    const second = await runStar(wh);
    expect(mode(second, 'int_star_sales_lines')).toBe('incremental');
    expect(
      await wh.rows(
        `select order_id, line_no, product_id, is_product, line_revenue, refunded_revenue, net_revenue
         from fct_sales order by order_id, line_no`,
      ),
    ).toEqual([
      row('o1', 1, 'p1', true, '20.0000', '0.0000', '20.0000'),
      row('o1', 2, 'p2', true, '5.5000', '5.5000', '0.0000'),
      row('o2', 1, 'p1', true, '10.0000', '0.0000', '10.0000'),
      row('o3', 1, 'p3', true, '29.0000', '5.8000', '23.2000'),
      row('o4', 1, 'p2', true, '11.0000', '0.0000', '11.0000'),
      row('o4', 2, 'ship', false, '4.9900', '0.0000', '0.0000'),
    ]);
    const after = await daily();
    expect(
      after.map((r) => [r.country, r.payment_method, r.refunded_revenue, r.net_revenue]),
    ).toEqual([
      // 29.00 - 5.80
      ['DE', 'paypal', '5.8000', '23.2000'],
      ['UK', 'credit_card', '0.0000', '10.0000'],
      // 36.50 - 5.50
      ['UK', 'paypal', '5.5000', '31.0000'],
    ]);
    expect(
      await wh.rows(
        `select product_id, orders, units, gross_revenue, refunded_revenue, net_revenue
         from fct_product_daily where date_key = date '2026-04-10' order by product_id`,
      ),
    ).toEqual([
      // o1 2 units + o2 1 unit: 20.00 + 10.00
      product('p1', '2', '3', '30.0000', '0.0000', '30.0000'),
      // o1 1 unit (refunded) + o4 2 units: 5.50 + 11.00 - 5.50
      product('p2', '2', '3', '16.5000', '5.5000', '11.0000'),
      product('p3', '1', '4', '29.0000', '5.8000', '23.2000'),
    ]);
    expect(
      await wh.rows(
        `select user_key, orders, gross_revenue, refunded_revenue, net_revenue
         from fct_customer_daily where date_key = date '2026-04-10' order by user_key`,
      ),
    ).toEqual([
      // o1 + o4: 25.50 + 11.00 - 5.50
      {
        user_key: 'c1',
        orders: '2',
        gross_revenue: '36.5000',
        refunded_revenue: '5.5000',
        net_revenue: '31.0000',
      },
      {
        user_key: 'c2',
        orders: '1',
        gross_revenue: '10.0000',
        refunded_revenue: '0.0000',
        net_revenue: '10.0000',
      },
      {
        user_key: 'c3',
        orders: '1',
        gross_revenue: '29.0000',
        refunded_revenue: '5.8000',
        net_revenue: '23.2000',
      },
    ]);
  });

  it('applies refunds in refund-time order, capped per line, when a late one comes first', async () => {
    wh = await modelWarehouse({ asOf: '2026-04-30T00:00:00Z' });
    await wh.send(
      order('c1', '2026-04-10T10:00:00Z', 'o1', [
        { id: 'p1', price: '30.00' },
        { id: 'p2', price: '10.00' },
      ]),
      // Refund B (04-20) names p1: 30.00 of p1.
      track('c1', 'Order Refunded', '2026-04-20T10:00:00Z', {
        order_id: 'o1',
        products: [{ product_id: 'p1', price: '30.00' }],
      }),
    );
    await runStar(wh);
    const lines = () =>
      wh!.rows('select line_no, refunded_revenue, net_revenue from fct_sales order by line_no');
    expect(await lines()).toEqual([
      { line_no: 1, refunded_revenue: '30.0000', net_revenue: '0.0000' },
      { line_no: 2, refunded_revenue: '0.0000', net_revenue: '10.0000' },
    ]);
    // Refund A (04-15, earlier, arriving later) gives back 20.00 without lines: spread
    // 30/40 and 10/40, 15.00 on p1 and 5.00 on p2. In refund order p1 gets 15.00 from A,
    // then B asks 30.00 more: p1 is capped at its 30.00, so B now takes 15.00, not 30.00.
    await wh.send(
      track('c1', 'Order Refunded', '2026-04-15T10:00:00Z', { order_id: 'o1', total: '20.00' }),
    );
    await runStar(wh);
    expect(await lines()).toEqual([
      { line_no: 1, refunded_revenue: '30.0000', net_revenue: '0.0000' },
      { line_no: 2, refunded_revenue: '5.0000', net_revenue: '5.0000' },
    ]);
    expect(
      await wh.rows(
        `select cast(refunded_at as varchar) as at, line_no, refunded_revenue
         from int_star_refund_allocations order by refunded_at, line_no`,
      ),
    ).toEqual([
      { at: '2026-04-15 10:00:00', line_no: 1, refunded_revenue: '15.0000' },
      { at: '2026-04-15 10:00:00', line_no: 2, refunded_revenue: '5.0000' },
      { at: '2026-04-20 10:00:00', line_no: 1, refunded_revenue: '15.0000' },
    ]);
    // The same as int_order_lines, line by line.
    expect(
      await wh.rows('select line_no, refunded_revenue from int_order_lines order by line_no'),
    ).toEqual([
      { line_no: 1, refunded_revenue: '30.0000' },
      { line_no: 2, refunded_revenue: '5.0000' },
    ]);
  });

  it('keeps the latest observed product attributes in dim_product', async () => {
    wh = await modelWarehouse({ asOf: '2026-04-30T00:00:00Z' });
    await wh.send(
      track('u9', 'Product Viewed', '2026-04-09T10:00:00Z', {
        product_id: 'p1',
        name: 'Mug',
        category: 'Kitchen',
        brand: 'Acme',
        price: '9.00',
      }),
      // A new name and price, no category or brand: those stay.
      track('u9', 'Product Viewed', '2026-04-10T09:00:00Z', {
        product_id: 'p1',
        name: 'Big Mug',
        price: '9.50',
      }),
      // The order line's price is the latest price.
      order('u9', '2026-04-10T10:00:00Z', 'o9', [
        { id: 'p1', price: '10.00' },
        { id: 'ship', price: '3.00', line_type: 'shipping' },
      ]),
      track('u9', 'Product Removed', '2026-04-11T08:00:00Z', { product_id: 'p1' }),
    );
    await runStar(wh);
    // Later: a late view at 09:30 on the 10th (after the 09:00 view, before the order) with a
    // new name, and a view on the 12th with a new brand.
    await wh.send(
      track('u9', 'Product Viewed', '2026-04-10T09:30:00Z', {
        product_id: 'p1',
        name: 'Huge Mug',
        price: '9.75',
      }),
      track('u9', 'Product Viewed', '2026-04-12T08:00:00Z', {
        product_id: 'p1',
        brand: 'Acme Pro',
      }),
    );
    expect(mode(await runStar(wh), 'int_star_product_observations')).toBe('incremental');
    expect(
      await wh.rows(
        `select product_id, product_name, category, brand, price, is_product, events, order_lines,
                first_seen_at, last_seen_at
         from dim_product order by product_id`,
      ),
    ).toEqual([
      // name from 09:30 on the 10th (the order line carries none), price from the order at
      // 10:00 (later than the 09:30 view), category from the 9th, brand from the 12th
      {
        product_id: 'p1',
        product_name: 'Huge Mug',
        category: 'Kitchen',
        brand: 'Acme Pro',
        price: '10.0000',
        is_product: true,
        events: '5',
        order_lines: '1',
        first_seen_at: '2026-04-09 10:00:00',
        last_seen_at: '2026-04-12 08:00:00',
      },
      {
        product_id: 'ship',
        product_name: null,
        category: null,
        brand: null,
        price: '3.0000',
        is_product: false,
        events: '0',
        order_lines: '1',
        first_seen_at: '2026-04-10 10:00:00',
        last_seen_at: '2026-04-10 10:00:00',
      },
    ]);
  });
});

describe('the reporting time zone', () => {
  it('puts an order at 02:00 UTC on the previous New York day', async () => {
    wh = await modelWarehouse({
      asOf: '2026-04-30T00:00:00Z',
      settings: { reportTimeZone: 'America/New_York' },
    });
    await wh.send(
      // 2026-04-10 02:00 UTC is 2026-04-09 22:00 in New York (EDT, UTC-4): a Thursday.
      order('c1', '2026-04-10T02:00:00Z', 'o1', [{ id: 'p1', price: '12.00' }], {
        payment_method: 'paypal',
      }),
      // 05:00 UTC is 01:00 on the 10th, a Friday.
      order('c1', '2026-04-10T05:00:00Z', 'o2', [{ id: 'p1', price: '8.00' }], {
        payment_method: 'paypal',
      }),
    );
    await runStar(wh);
    expect(
      await wh.rows(
        'select order_id, cast(date_key as varchar) as d from fct_sales order by order_id',
      ),
    ).toEqual([
      { order_id: 'o1', d: '2026-04-09' },
      { order_id: 'o2', d: '2026-04-10' },
    ]);
    expect(
      await wh.rows(
        `select cast(s.date_key as varchar) as d, s.day_of_week, d.day_name, s.orders, s.net_revenue
         from fct_daily_sales s join dim_date d on d.date_key = s.date_key order by s.date_key`,
      ),
    ).toEqual([
      {
        d: '2026-04-09',
        day_of_week: 4,
        day_name: 'Thursday',
        orders: '1',
        net_revenue: '12.0000',
      },
      { d: '2026-04-10', day_of_week: 5, day_name: 'Friday', orders: '1', net_revenue: '8.0000' },
    ]);
    expect(
      await wh.rows(
        `select event_type, cast(date_key as varchar) as d from fct_events order by event_at`,
      ),
    ).toEqual([
      { event_type: 'order_completed', d: '2026-04-09' },
      { event_type: 'order_completed', d: '2026-04-10' },
    ]);
  });
});

function row(
  orderId: string,
  lineNo: number,
  productId: string,
  isProduct: boolean,
  lineRevenue: string,
  refunded: string,
  net: string,
) {
  return {
    order_id: orderId,
    line_no: lineNo,
    product_id: productId,
    is_product: isProduct,
    line_revenue: lineRevenue,
    refunded_revenue: refunded,
    net_revenue: net,
  };
}

function product(
  productId: string,
  orders: string,
  units: string,
  gross: string,
  refunded: string,
  net: string,
) {
  return {
    product_id: productId,
    orders,
    units,
    gross_revenue: gross,
    refunded_revenue: refunded,
    net_revenue: net,
  };
}
