import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../core/ports.js';
import { createPipeline, type Processed } from './pipeline.js';

const RECEIVED = Date.UTC(2026, 10, 21, 12, 0, 0);
const pipeline = createPipeline(
  { maxFutureMs: 24 * 3_600_000, defaultCurrency: 'USD', uaCacheSize: 100 },
  () => RECEIVED,
);
const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

function run(event: unknown, over: Partial<LogRecord> = {}): Processed {
  return pipeline({
    seq: 7,
    receivedAt: RECEIVED,
    writeKeyId: 'shop1',
    requestId: 'r1',
    source: 'http',
    messageId: 'm1',
    kind: 'event',
    payload: typeof event === 'string' ? event : JSON.stringify(event),
    ...over,
  });
}

const order = {
  type: 'track',
  event: 'Order Completed',
  userId: 'u1',
  timestamp: '2026-11-21T11:59:00.000Z',
  context: { userAgent: IPHONE, campaign: { source: 'newsletter', medium: 'email', name: 'nov' } },
  properties: {
    order_id: 'o-1',
    currency: 'eur',
    tax: 2.1,
    shipping: '4.99',
    discount: 1,
    payment_method: 'card',
    products: [
      { product_id: 'p1', price: 0.1, quantity: 3 },
      { product_id: 'p2', price: '19.99' },
      { product_id: 'POST', price: 5, line_type: 'shipping' },
    ],
  },
};

function reason(p: Processed): string {
  return p.ok ? 'ok' : p.quarantine.reason;
}

describe('pipeline', () => {
  it('turns an order into exact decimal silver rows with enrichment', () => {
    const out = run(order);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const { event, order: o, orderLines } = out.rows;
    expect(event).toMatchObject({
      event_type: 'order_completed',
      user_key: 'u1',
      event_at: '2026-11-21 11:59:00.000',
      device_type: 'mobile',
      browser: 'Mobile Safari',
      os: 'iOS',
      is_bot: false,
      utm_source: 'newsletter',
      utm_campaign: 'nov',
      currency: 'EUR',
    });
    // 0.1 * 3 + 19.99 = 20.29 exactly (a float sum would give 20.290000000000003)
    expect(o).toMatchObject({
      revenue: '20.2900',
      non_product_revenue: '5.0000',
      units: 4,
      line_count: 3,
    });
    expect(o?.total).toBe('31.3800'); // 20.29 + 5 + 2.10 + 4.99 - 1
    expect(orderLines.map((l) => [l.product_id, l.line_type, l.line_revenue])).toEqual([
      ['p1', 'product', '0.3000'],
      ['p2', 'product', '19.9900'],
      ['POST', 'shipping', '5.0000'],
    ]);
  });

  it('gives the same rows from an in-memory parsed payload as from its text', () => {
    expect(run(order, { parsed: structuredClone(order) })).toEqual(run(order));
  });

  it('corrects client clock skew from sentAt', () => {
    // The client clock runs 2 h ahead: it stamped the event 30 s before sending.
    const out = run(
      { ...order, timestamp: '2026-11-21T13:59:30Z', sentAt: '2026-11-21T14:00:00Z' },
      { receivedAt: RECEIVED },
    );
    expect(out.ok && out.rows.event.event_at).toBe('2026-11-21 11:59:30.000');
  });

  it('uses the batch-level sentAt when the event has none, and accepts late events', () => {
    const late = { ...order, timestamp: '2026-11-21T06:00:00Z' };
    const out = run(late, { sentAt: '2026-11-21T06:00:00Z' });
    expect(out.ok && out.rows.event.event_at).toBe('2026-11-21 12:00:00.000');
    const noSent = run(late);
    expect(noSent.ok && noSent.rows.event.event_at).toBe('2026-11-21 06:00:00.000');
  });

  it('maps Segment V2 and snake_case names to one canonical name', () => {
    for (const name of ['Product Viewed', 'product_viewed', 'PRODUCT-VIEWED']) {
      const out = run({
        type: 'track',
        event: name,
        anonymousId: 'a1',
        properties: { product_id: 'p1', price: 3 },
      });
      expect(out.ok && out.rows.event.event_type).toBe('product_viewed');
    }
    const page = run({
      type: 'page',
      anonymousId: 'a1',
      context: { page: { url: 'https://s.example/x?utm_source=google&utm_medium=cpc' } },
    });
    expect(
      page.ok && [
        page.rows.event.event_type,
        page.rows.event.utm_source,
        page.rows.event.utm_medium,
      ],
    ).toEqual(['page_view', 'google', 'cpc']);
  });

  it('reads desktop browsers and operating systems', () => {
    const out = run({ type: 'page', anonymousId: 'a1', context: { userAgent: CHROME_MAC } });
    expect(
      out.ok && [out.rows.event.device_type, out.rows.event.browser, out.rows.event.os],
    ).toEqual(['desktop', 'Chrome', 'Mac OS']);
  });

  it('flags bots from the user agent', () => {
    const out = run({
      type: 'page',
      anonymousId: 'a1',
      context: {
        userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      },
    });
    expect(out.ok && [out.rows.event.is_bot, out.rows.event.device_type]).toEqual([true, 'bot']);
  });

  it('gives each kind of bad event its reason', () => {
    const view = {
      type: 'track',
      event: 'Product Viewed',
      userId: 'u',
      properties: { product_id: 'p', price: 1 },
    };
    expect(reason(run('{"type": "track",'))).toBe('malformed_json');
    expect(reason(run({ ...view, userId: undefined }))).toBe('missing_identity');
    expect(reason(run({ ...view, userId: '  ' }))).toBe('missing_identity');
    expect(reason(run({ ...view, event: 'Wishlist Shared' }))).toBe('unknown_event');
    expect(reason(run({ ...view, type: 'screen' }))).toBe('unsupported_type');
    expect(reason(run({ ...view, properties: { price: 1 } }))).toBe('schema_violation');
    expect(reason(run({ ...view, userId: 42 }))).toBe('schema_violation');
    expect(reason(run([view]))).toBe('schema_violation');
    expect(reason(run({ ...view, properties: { product_id: 'p', price: -1 } }))).toBe(
      'negative_price',
    );
    const huge = structuredClone(order);
    huge.properties.products[0] = { product_id: 'p1', price: 999_999_999, quantity: 1001 };
    expect(reason(run(huge))).toBe('amount_out_of_range');
    const zero = structuredClone(order);
    zero.properties.products[0]!.price = 0;
    expect(reason(run(zero))).toBe('zero_price');
    expect(reason(run({ ...view, timestamp: '2026-11-21 10:00:00' }))).toBe('bad_timestamp');
    expect(reason(run({ ...view, timestamp: '1999-12-31T23:59:59Z' }))).toBe('bad_timestamp');
    expect(reason(run({ ...view, timestamp: '2026-11-23T12:00:00Z' }))).toBe('future_timestamp');
    expect(reason(run({ ...view, timestamp: '2026-11-22T11:00:00Z' }))).toBe('ok');
    expect(reason(run('x'.repeat(40), { kind: 'raw', reason: 'oversized' }))).toBe('oversized');
  });

  const adjustment = {
    type: 'track',
    event: 'Adjustment Recorded',
    userId: 'u1',
    timestamp: '2026-11-21T11:59:00.000Z',
    properties: {
      adjustment_id: 'C536379',
      kind: 'unmatched_cancellation',
      reason: 'no earlier sale',
      currency: 'gbp',
      products: [
        { product_id: 'D', name: 'Discount', price: '-27.50', quantity: 1 },
        { product_id: '22423', price: 12.75, quantity: -3 },
        { product_id: '21704', price: 0, quantity: 5 },
      ],
    },
  };

  it('shapes an adjustment into signed lines of its own, never an order or a refund', () => {
    const out = run(adjustment);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.rows.event).toMatchObject({
      event_type: 'adjustment_recorded',
      currency: 'GBP',
      order_id: null,
    });
    expect(out.rows.order).toBeUndefined();
    expect(out.rows.refund).toBeUndefined();
    expect(out.rows.adjustmentLines).toEqual(
      [
        ['D', 'Discount', '-27.5000', 1, '-27.5000'],
        ['22423', null, '12.7500', -3, '-38.2500'],
        ['21704', null, '0.0000', 5, '0.0000'],
      ].map(([product_id, name, price, quantity, amount], i) => ({
        seq: 7,
        line_no: i + 1,
        message_id: 'm1',
        adjustment_id: 'C536379',
        kind: 'unmatched_cancellation',
        adjusted_at: '2026-11-21 11:59:00.000',
        user_key: 'u1',
        product_id,
        name,
        price,
        quantity,
        amount,
        currency: 'GBP',
        reason: 'no earlier sale',
      })),
    );
  });

  it('checks an adjustment against the contract and the amount bound', () => {
    const props = adjustment.properties;
    const withProps = (over: Record<string, unknown>) => ({
      ...adjustment,
      properties: { ...props, ...over },
    });
    const line = (over: Record<string, unknown>) =>
      withProps({ products: [{ product_id: 'p', price: 1, quantity: 1, ...over }] });
    expect(reason(run({ ...adjustment, event: 'adjustment_recorded' }))).toBe('ok');
    expect(reason(run(withProps({ kind: 'refund' })))).toBe('schema_violation');
    expect(reason(run(withProps({ kind: undefined })))).toBe('schema_violation');
    expect(reason(run(withProps({ adjustment_id: undefined })))).toBe('schema_violation');
    expect(reason(run(withProps({ products: [] })))).toBe('schema_violation');
    expect(reason(run(line({ quantity: 0 })))).toBe('schema_violation');
    expect(reason(run(line({ quantity: undefined })))).toBe('schema_violation');
    expect(reason(run(line({ quantity: 1.5 })))).toBe('schema_violation');
    expect(reason(run(line({ quantity: -1_000_001 })))).toBe('schema_violation');
    expect(reason(run(line({ price: -999_999_999, quantity: -1001 })))).toBe('amount_out_of_range');
  });

  it('accepts an order with 1,114 lines (a real invoice), not more than 5,000', () => {
    const withLines = (n: number) => {
      const big = structuredClone(order);
      big.properties.products = Array.from({ length: n }, (_, i) => ({
        product_id: `p${i}`,
        price: 1.25,
        quantity: 2,
      }));
      return run(big);
    };
    const out = withLines(1114);
    expect(out.ok && [out.rows.orderLines.length, out.rows.order?.revenue]).toEqual([
      1114,
      '2785.0000',
    ]);
    expect(reason(withLines(5001))).toBe('schema_violation');
  });

  it('keeps the raw payload and details in the quarantine row', () => {
    const out = run('{"broken"');
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.quarantine).toMatchObject({
      seq: 7,
      reason: 'malformed_json',
      raw: '{"broken"',
      message_id: 'm1',
      request_id: 'r1',
    });
  });
});
