import { NO_ANOMALIES } from './anomalies.js';
import { Value } from '@sinclair/typebox/value';
import UAParser from 'ua-parser-js';
import { describe, expect, it } from 'vitest';
import { canonicalTrackName } from '../core/contract/names.js';
import { Envelope, EventSchemas, type CanonicalEvent } from '../core/contract/schema.js';
import type { WireItem } from './anomalies.js';
import { createGenerator, type GeneratorOptions } from './generator.js';

const NOW = Date.parse('2025-03-14T15:00:00.000Z');
const CLEAN = NO_ANOMALIES;

type Event = Record<string, unknown>;

function take(n: number, options: Partial<GeneratorOptions> = {}): WireItem[] {
  const generator = createGenerator({ seed: 7, now: () => NOW, ...options });
  return Array.from({ length: n }, () => generator.next());
}

function eventsOf(items: WireItem[]): Event[] {
  return items.flatMap((item) => (item.kind === 'event' ? [item.event] : []));
}

function canonical(event: Event): CanonicalEvent | 'identify' | 'page_view' | undefined {
  if (event.type === 'identify') return 'identify';
  if (event.type === 'page') return 'page_view';
  return canonicalTrackName(String(event.event));
}

function record(value: unknown): Record<string, unknown> {
  return value as Record<string, unknown>;
}

/** Exact cents from a money value, refusing anything with more than two decimals. */
function cents(value: unknown): number {
  const text = typeof value === 'number' ? String(value) : String(value);
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) throw new Error(`not a two-decimal amount: ${text}`);
  const [, sign, whole, fraction = ''] = match;
  const abs = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return sign === '-' ? -abs : abs;
}

/** A session's first page: its referrer is another site, or none. */
function isLanding(event: Event | undefined): boolean {
  if (event?.type !== 'page') return false;
  const referrer = String(record(record(event.context).page).referrer);
  return !referrer.startsWith('https://shop.example.com');
}

/** Sessions whose whole life lies inside the stream: they landed in it, early enough. */
function completeSessions(events: Event[], cutoff: number): Map<string, Event[]> {
  const sessions = new Map<string, Event[]>();
  for (const event of events) {
    const id = record(event.context ?? {}).sessionId;
    if (typeof id !== 'string') continue;
    sessions.set(id, [...(sessions.get(id) ?? []), event]);
  }
  for (const [id, list] of sessions) {
    const first = list[0];
    if (!isLanding(first) || Date.parse(String(first?.timestamp)) >= cutoff) sessions.delete(id);
  }
  return sessions;
}

describe('createGenerator', () => {
  it('gives identical items for one seed and one clock, message ids included', () => {
    const a = take(2000);
    const b = take(2000);
    expect(b).toEqual(a);
    const c = take(2000, { seed: 8 });
    expect(JSON.stringify(c)).not.toEqual(JSON.stringify(a));
  });

  it('makes UUID-shaped message ids that never repeat without a duplicate anomaly', () => {
    const ids = eventsOf(take(5000, { anomalies: CLEAN })).map((e) => String(e.messageId));
    for (const id of ids.slice(0, 50)) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('emits only contract-valid events when anomalies are off', () => {
    const events = eventsOf(take(5000, { anomalies: CLEAN }));
    for (const event of events) {
      expect(Value.Check(Envelope, event), JSON.stringify(event)).toBe(true);
      const name = canonical(event);
      expect(name, String(event.event)).toBeDefined();
      if (name === undefined) continue;
      const payload = name === 'identify' ? event.traits : (event.properties ?? {});
      expect(Value.Check(EventSchemas[name], payload), JSON.stringify(event)).toBe(true);
      expect(event.userId ?? event.anonymousId).toBeTruthy();
    }
    const names = new Set(events.map((e) => String(e.event ?? e.type)));
    expect(names).toContain('Product Viewed');
    expect(names).toContain('product_viewed');
    expect(names).toContain('Order Completed');
  });

  it('shops like real people: 2-5 views a session, ~30% carted, ~half of carts bought', () => {
    // A slow shop, so that 20,000 events span an hour and most sessions run to their end.
    const events = eventsOf(take(20_000, { anomalies: CLEAN, eventsPerSecond: 5 }));
    const last = Date.parse(String(events[events.length - 1]?.timestamp));
    const sessions = completeSessions(events, last - 30 * 60_000);
    expect(sessions.size).toBeGreaterThan(500);
    let views = 0;
    let adds = 0;
    let carts = 0;
    let orders = 0;
    for (const list of sessions.values()) {
      const count = (name: CanonicalEvent) => list.filter((e) => canonical(e) === name).length;
      expect(count('product_viewed')).toBeGreaterThanOrEqual(2);
      expect(count('product_viewed')).toBeLessThanOrEqual(5);
      views += count('product_viewed');
      adds += count('product_added');
      if (count('product_added') > 0) carts += 1;
      if (count('order_completed') > 0) orders += 1;
    }
    expect(views / sessions.size).toBeGreaterThan(3.2);
    expect(views / sessions.size).toBeLessThan(4);
    expect(adds / views).toBeGreaterThan(0.25);
    expect(adds / views).toBeLessThan(0.35);
    expect(orders / carts).toBeGreaterThan(0.42);
    expect(orders / carts).toBeLessThan(0.58);
  });

  it('prices every order exactly: revenue is the sum of price * quantity', () => {
    const orders = eventsOf(take(20_000, { anomalies: CLEAN })).filter(
      (e) => canonical(e) === 'order_completed',
    );
    expect(orders.length).toBeGreaterThan(100);
    for (const order of orders) {
      const p = record(order.properties);
      const lines = p.products as Record<string, unknown>[];
      const sum = lines.reduce((s, line) => s + cents(line.price) * Number(line.quantity), 0);
      expect(cents(p.revenue)).toBe(sum);
      expect(cents(p.total)).toBe(sum - cents(p.discount) + cents(p.tax) + cents(p.shipping));
      expect(String(p.currency)).toMatch(/^(USD|usd)$/);
    }
  });

  it('mixes devices, sources, countries and clients', () => {
    const events = eventsOf(take(10_000, { anomalies: CLEAN }));
    const devices = new Map<string, number>();
    for (const event of events) {
      const ua = record(event.context ?? {}).userAgent;
      if (typeof ua !== 'string') continue;
      const type = new UAParser(ua).getDevice().type ?? 'desktop';
      devices.set(type, (devices.get(type) ?? 0) + 1);
    }
    expect([...devices.keys()].sort()).toEqual(['desktop', 'mobile', 'tablet']);
    const contexts = events.map((e) => record(e.context ?? {}));
    expect(contexts.some((c) => c.campaign !== undefined)).toBe(true);
    const tagged = contexts.filter((c) => String(record(c.page ?? {}).url).includes('utm_source'));
    expect(tagged.some((c) => c.campaign === undefined)).toBe(true);
    const countries = new Set(contexts.map((c) => record(c.location ?? {}).country));
    expect(countries.size).toBeGreaterThanOrEqual(8);
    const prices = events.flatMap((e) =>
      e.event === 'Product Viewed' ? [record(e.properties).price] : [],
    );
    expect(prices.some((p) => typeof p === 'string')).toBe(true);
    expect(prices.some((p) => typeof p === 'number')).toBe(true);
  });

  it('follows the hour-of-day curve when timestamps are simulated', () => {
    const from = Date.parse('2025-03-10T00:00:00.000Z');
    const events = eventsOf(
      take(60_000, { anomalies: CLEAN, eventsPerSecond: 0.5, simulateFrom: from }),
    );
    const starts = new Array<number>(24).fill(0);
    for (const e of events) {
      const hour = new Date(String(e.timestamp)).getUTCHours();
      if (isLanding(e)) starts[hour] = (starts[hour] ?? 0) + 1;
    }
    expect(starts[20] ?? 0).toBeGreaterThan(3 * (starts[3] ?? 0));
    expect(Date.parse(String(events[events.length - 1]?.timestamp)) - from).toBeGreaterThan(
      86_400_000,
    );
  });

  it('keeps live timestamps near a moving wall clock', () => {
    let clock = NOW;
    // The consumer takes 10 ms per event, half the pace the generator was told.
    const generator = createGenerator({ seed: 3, now: () => (clock += 10), anomalies: CLEAN });
    const gaps = Array.from({ length: 3000 }, () => {
      const item = generator.next();
      return item.kind === 'event' ? Date.parse(String(item.event.timestamp)) - clock : 0;
    });
    expect(Math.max(...gaps)).toBeLessThan(60_000);
    expect(Math.min(...gaps)).toBeGreaterThan(-10 * 60_000);
  });

  it('takes its pace from the consumer before the first item', () => {
    const told = createGenerator({ seed: 2, now: () => NOW });
    told.pace?.(5);
    const built = createGenerator({ seed: 2, now: () => NOW, eventsPerSecond: 5 });
    const first = Array.from({ length: 500 }, () => told.next());
    expect(Array.from({ length: 500 }, () => built.next())).toEqual(first);
  });

  it('rejects anomaly rates outside [0, 1]', () => {
    expect(() => createGenerator({ seed: 1, anomalies: { late: 2, bot: -1 } })).toThrow(
      /late.*bot/,
    );
  });
});
