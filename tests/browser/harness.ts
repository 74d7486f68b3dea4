import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { PROJECT_ROOT } from '../../src/core/paths.js';
import { createGenerator } from '../../src/generate/index.js';
import { startInstance } from '../helpers.js';

/** Where the browser tests leave their screenshots (the README shows copies from docs/img). */
export const SHOTS_DIR = join(PROJECT_ROOT, 'test-results', 'screenshots');

const DAY_MS = 86_400_000;

/**
 * A real instance (HTTP collector, processor, DuckDB) holding a known data set: two days of a
 * generated shop (seed 11, with its anomalies, so quarantine has rows) sent over HTTP up to
 * now, processed and modelled; and Debian's Chromium to look at its dashboard.
 */
export async function dashboardInstance(opts: { timeZone?: string; events?: number } = {}) {
  const sp = await startInstance({
    flags: {
      'models.intervalSeconds': 0,
      'models.reportTimeZone': opts.timeZone ?? 'America/New_York',
      'dashboard.liveIntervalMs': 200,
    },
  });
  const events = opts.events ?? 10_000;
  const generator = createGenerator({
    seed: 11,
    simulateFrom: Date.now() - 2 * DAY_MS,
    eventsPerSecond: events / (2 * 86_400),
  });
  for (let sent = 0; sent < events;) {
    const batch: unknown[] = [];
    while (batch.length < 500 && sent < events) {
      const item = generator.next();
      sent++;
      if (item.kind === 'event') batch.push(item.event);
      else
        await fetch(`${sp.url}/v1/track`, {
          method: 'POST',
          headers: authHeaders(),
          body: item.body,
        });
    }
    const res = await sp.post('/v1/batch', { batch });
    if (res.status !== 200) throw new Error(`batch refused: ${JSON.stringify(res.json)}`);
  }
  await sp.rt.processor.drain();
  const run = await sp.rt.models.run({ fullRefresh: true, trigger: 'test' });
  const failed = run.models.filter((m) => m.status !== 'success');
  if (failed.length > 0) throw new Error(`models failed: ${JSON.stringify(failed)}`);
  const browser = await launchChromium();
  await mkdir(SHOTS_DIR, { recursive: true });

  return {
    sp,
    browser,
    /** GET /api/v1<path> as JSON. */
    async api<T = Record<string, unknown>>(path: string): Promise<T> {
      const res = await fetch(`${sp.url}/api/v1${path}`);
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    /**
     * Opens a dashboard path in a new 1440x900 page and collects every console error and
     * uncaught exception (a test asserts the list is empty).
     */
    async open(path: string): Promise<{ page: Page; errors: string[] }> {
      const page = await browser.newPage({
        viewport: { width: 1440, height: 900 },
        acceptDownloads: true,
      });
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      // Not 'networkidle': the live stream keeps a request open for good.
      await page.goto(`${sp.url}${path}`, { waitUntil: 'load' });
      await page.waitForSelector('main h1');
      return { page, errors };
    },
    /** A full-page screenshot in test-results/screenshots/<name>.png. */
    async screenshot(page: Page, name: string): Promise<void> {
      await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`), fullPage: true });
    },
    async close(): Promise<void> {
      await browser.close();
      await sp.close();
    },
  };
}

export type DashboardInstance = Awaited<ReturnType<typeof dashboardInstance>>;

const authHeaders = () => ({
  'content-type': 'application/json',
  authorization: `Basic ${Buffer.from('test-key:').toString('base64')}`,
});

/** The number a formatted cell shows ("$1,234.50" → 1234.5, "12.5%" → 0.125). */
export function shownNumber(text: string | null): number {
  const t = (text ?? '').trim();
  const n = Number(t.replace(/[^0-9.-]/g, ''));
  return t.endsWith('%') ? n / 100 : n;
}
