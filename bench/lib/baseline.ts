/**
 * The same-run baseline: JSON.parse of ~300-byte events on one core. Machines here are
 * shared and noisy, so throughput is also reported as a ratio to this.
 */
export function jsonParseBaseline(ms: number): number {
  const text = JSON.stringify({
    type: 'track',
    event: 'Product Viewed',
    messageId: 'm-123456',
    anonymousId: 'anon-42',
    timestamp: new Date().toISOString(),
    context: {
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.0.0',
      page: { path: '/p/42' },
    },
    properties: { product_id: 'sku-42', price: 42.99, currency: 'USD' },
  });
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 1000; i++) JSON.parse(text);
    n += 1000;
  }
  return Math.round(n / ((performance.now() - start) / 1000));
}
