import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../../tests/browser/chromium.js';
import { startChild, stopChild } from './child.js';
import { percentile } from './load.js';

const auth = `Basic ${Buffer.from('bench:').toString('base64')}`;
const post = (url: string, body: unknown) =>
  fetch(`${url}/v1/track`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/**
 * A child `storepulse start` with page views arriving at ~50 events/s, its Overview open in
 * Chromium; `n` purchases are sent one by one, each timed from its HTTP acknowledgement until
 * the live chart's order count shows it.
 */
export async function measureLivePurchases(n: number): Promise<{ p50: number; max: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'storepulse-live-'));
  const child = await startChild(dir, { STOREPULSE_MODELS_INTERVAL_S: '5' });
  const browser = await launchChromium();
  let background = 0;
  const traffic = setInterval(() => {
    const batch = Array.from({ length: 5 }, () => ({
      type: 'page',
      userId: `v${background++ % 300}`,
    }));
    void fetch(`${child.url}/v1/batch`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ batch }),
    });
  }, 100);
  try {
    await post(child.url, { type: 'page', userId: 'warm' });
    await new Promise((r) => setTimeout(r, 8000)); // the first model run builds the marts
    const page = await browser.newPage();
    await page.goto(`${child.url}/overview`, { waitUntil: 'load' });
    await page.waitForSelector('[data-testid="live-orders"]');
    const orders = async () => Number(await page.textContent('[data-testid="live-orders"]'));
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const before = await orders();
      const res = await post(child.url, {
        type: 'track',
        userId: `buyer${i}`,
        event: 'Order Completed',
        properties: { order_id: `bench-${i}`, products: [{ product_id: 'p', price: '10.00' }] },
      });
      if (!res.ok) throw new Error(`purchase refused: ${res.status}`);
      const acked = performance.now();
      while ((await orders()) <= before) {
        if (performance.now() - acked > 10_000) throw new Error('purchase not shown in 10 s');
        await new Promise((r) => setTimeout(r, 20));
      }
      times.push(performance.now() - acked);
      await new Promise((r) => setTimeout(r, 300));
    }
    return { p50: Math.round(percentile(times, 50)), max: Math.round(Math.max(...times)) };
  } finally {
    clearInterval(traffic);
    await browser.close();
    await stopChild(child, 'SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
}
