import { afterAll, beforeAll, expect, it } from 'vitest';
import { Analytics } from '@segment/analytics-node';
import { startInstance } from './helpers.js';

let sp: Awaited<ReturnType<typeof startInstance>>;
beforeAll(async () => {
  sp = await startInstance();
});
afterAll(() => sp.close());

it('works with the off-the-shelf Segment Node client pointed at storepulse', async () => {
  const analytics = new Analytics({
    writeKey: 'test-key',
    host: sp.url,
    path: '/v1/batch',
    flushAt: 5,
    flushInterval: 50,
  });
  analytics.identify({ userId: 'seg-user', traits: { email: 'seg@example.com', country: 'FR' } });
  analytics.track({
    userId: 'seg-user',
    event: 'Product Added',
    properties: { product_id: 'p9', price: 9.99, quantity: 2 },
  });
  analytics.track({
    userId: 'seg-user',
    event: 'Order Completed',
    properties: {
      order_id: 'seg-order-1',
      revenue: 19.98,
      currency: 'EUR',
      products: [{ product_id: 'p9', price: 9.99, quantity: 2 }],
    },
  });
  analytics.page({
    userId: 'seg-user',
    name: 'Home',
    properties: { url: 'https://shop.example/' },
  });
  await analytics.closeAndFlush({ timeout: 5000 });
  await sp.rt.processor.drain();
  const rows = await sp.query(
    `select event_type from silver_events where user_id = 'seg-user' order by seq`,
  );
  expect(rows.map((r) => r.event_type)).toEqual([
    'identify',
    'product_added',
    'order_completed',
    'page_view',
  ]);
  expect(
    await sp.query(`select revenue, currency from silver_orders where order_id = 'seg-order-1'`),
  ).toEqual([{ revenue: '19.9800', currency: 'EUR' }]);
  expect(await sp.query(`select count(*)::int as n from quarantine`)).toEqual([{ n: 0 }]);
});
