import { isbot } from 'isbot';
import { describe, expect, it } from 'vitest';
import { canonicalTrackName } from '../core/contract/names.js';
import { DEFAULT_ANOMALIES, type AnomalyRates, type WireItem, NO_ANOMALIES } from './anomalies.js';
import { createGenerator } from './generator.js';

const NOW = Date.parse('2025-03-14T15:00:00.000Z');
const HOUR = 3_600_000;
const NONE = NO_ANOMALIES;

type Event = Record<string, unknown>;
type Detector = (items: WireItem[]) => number;

const events = (items: WireItem[]): Event[] =>
  items.flatMap((item) => (item.kind === 'event' ? [item.event] : []));
const time = (event: Event) => Date.parse(String(event.timestamp));
const userAgent = (event: Event): string => {
  const ua = (event.context as Record<string, unknown> | undefined)?.userAgent;
  return typeof ua === 'string' ? ua : '';
};

/** How many items show each anomaly, judged from the wire as the pipeline would see it. */
const DETECTORS: Record<keyof AnomalyRates, Detector> = {
  missingIdentity: (items) =>
    events(items).filter((e) => e.userId === undefined && e.anonymousId === undefined).length,
  badPrice: (items) =>
    events(items)
      .filter((e) => canonicalTrackName(String(e.event)) === 'order_completed')
      .filter((e) => {
        const lines = (e.properties as { products: { price: unknown }[] }).products;
        return lines.some((line) => Number(line.price) <= 0);
      }).length,
  malformedJson: (items) =>
    items.filter((item) => {
      if (item.kind === 'event') return false;
      expect(() => JSON.parse(item.body) as unknown).toThrow();
      expect(item.body).not.toContain('\n');
      return true;
    }).length,
  duplicate: (items) => {
    const seen = new Map<string, Event>();
    let repeats = 0;
    for (const event of events(items)) {
      const id = String(event.messageId);
      const first = seen.get(id);
      if (first) {
        expect(event).toEqual(first);
        repeats += 1;
      }
      seen.set(id, event);
    }
    return repeats;
  },
  late: (items) => events(items).filter((e) => time(e) < NOW - HOUR).length,
  future: (items) => events(items).filter((e) => time(e) > NOW + 48 * HOUR).length,
  bot: (items) => events(items).filter((e) => isbot(userAgent(e))).length,
  oversized: (items) =>
    events(items).filter((e) => Buffer.byteLength(JSON.stringify(e)) > 32 * 1024).length,
  unknownEvent: (items) =>
    events(items).filter((e) => e.type === 'track' && !canonicalTrackName(String(e.event))).length,
};

function run(anomalies: Partial<AnomalyRates>, n = 4000): WireItem[] {
  const generator = createGenerator({ seed: 11, now: () => NOW, anomalies });
  return Array.from({ length: n }, () => generator.next());
}

describe('anomalies', () => {
  const names = Object.keys(NONE) as (keyof AnomalyRates)[];

  it('are all absent when every rate is 0', () => {
    const items = run(NONE);
    for (const name of names) expect(DETECTORS[name](items), name).toBe(0);
  });

  it.each(names)('%s appears when its rate is high, and only it', (name) => {
    const items = run({ ...NONE, [name]: 0.5 });
    expect(DETECTORS[name](items)).toBeGreaterThan(name === 'badPrice' ? 20 : 100);
    for (const other of names.filter((n) => n !== name)) {
      // A bot session is anonymous and never orders; the others are independent.
      expect(DETECTORS[other](items), other).toBe(0);
    }
  });

  it('default to small rates', () => {
    for (const rate of Object.values(DEFAULT_ANOMALIES)) {
      expect(rate).toBeGreaterThan(0);
      expect(rate).toBeLessThanOrEqual(0.02);
    }
    const items = run({}, 20_000);
    for (const name of names) expect(DETECTORS[name](items), name).toBeLessThan(20_000 * 0.05);
  });

  it('malformedJson at 1 turns every event into an unparseable one-line body', () => {
    const items = run({ ...NONE, malformedJson: 1 }, 300);
    expect(DETECTORS.malformedJson(items)).toBe(300);
  });
});
