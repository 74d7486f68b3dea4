import { NO_ANOMALIES } from './anomalies.js';
import { describe, expect, it } from 'vitest';
import { canonicalTrackName } from '../core/contract/names.js';
import { createGenerator } from './generator.js';

type Event = Record<string, unknown>;
type Line = { product_id: string; price: unknown; quantity: number };

const CLEAN = NO_ANOMALIES;

// Four simulated hours of a quiet shop: long enough for refunds to come in.
const events: Event[] = (() => {
  const generator = createGenerator({
    seed: 21,
    anomalies: CLEAN,
    eventsPerSecond: 2,
    simulateFrom: Date.parse('2025-03-14T08:00:00.000Z'),
  });
  return Array.from({ length: 30_000 }, () => generator.next()).flatMap((item) =>
    item.kind === 'event' ? [item.event] : [],
  );
})();

const named = (name: string) =>
  events.filter((e) => e.type === 'track' && canonicalTrackName(String(e.event)) === name);
const props = (e: Event) => e.properties as Record<string, unknown>;

describe('shopper journeys', () => {
  it('refund earlier orders later, whole or one line of them', () => {
    const orders = new Map(named('order_completed').map((e) => [props(e).order_id, e]));
    const refunds = named('order_refunded');
    expect(refunds.length).toBeGreaterThan(10);
    const kinds = new Set<string>();
    for (const refund of refunds) {
      const order = orders.get(props(refund).order_id);
      if (!order) continue; // placed before the stream began
      const delay = Date.parse(String(refund.timestamp)) - Date.parse(String(order.timestamp));
      expect(delay).toBeGreaterThanOrEqual(10 * 60_000);
      expect(refund.userId ?? refund.anonymousId).toBe(order.userId ?? order.anonymousId);
      const lines = props(refund).products as Line[] | undefined;
      kinds.add(lines ? 'line' : 'whole');
      if (!lines) {
        expect(props(refund).total).toEqual(props(order).total);
        continue;
      }
      expect(lines).toHaveLength(1);
      const ordered = (props(order).products as Line[]).map((l) => l.product_id);
      expect(ordered).toContain(lines[0]?.product_id);
    }
    expect([...kinds].sort()).toEqual(['line', 'whole']);
  });

  it('identify with the customer traits before signing up or logging in', () => {
    const bySession = new Map<unknown, Event[]>();
    for (const e of events) {
      const id = (e.context as Record<string, unknown> | undefined)?.sessionId;
      bySession.set(id, [...(bySession.get(id) ?? []), e]);
    }
    const accountEvents = [...named('signed_up'), ...named('logged_in')];
    expect(accountEvents.length).toBeGreaterThan(100);
    for (const event of accountEvents) {
      const session = bySession.get((event.context as Record<string, unknown>).sessionId) ?? [];
      const before = session[session.indexOf(event) - 1];
      expect(before?.type).toBe('identify');
      expect(before?.userId).toBe(event.userId);
      expect(Object.keys(before?.traits ?? {}).sort()).toEqual([
        'city',
        'country',
        'email',
        'name',
        'segment',
      ]);
    }
  });

  it('gives new customers the "new" segment and returning ones their own', () => {
    const segments = new Set(
      events
        .filter((e) => e.type === 'identify')
        .map((e) => (e.traits as Record<string, unknown>).segment),
    );
    expect([...segments].sort()).toEqual(['browser', 'new', 'occasional', 'power_buyer']);
  });
});
