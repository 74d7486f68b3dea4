import type { Rng } from './rng.js';
import type { WireEvent } from './session.js';

/** What the generator hands out: an event, or a raw body that is not JSON at all. */
export type WireItem = { kind: 'event'; event: WireEvent } | { kind: 'raw'; body: string };

/** Probabilities in [0, 1] of each kind of bad data the pipeline has to catch. */
export interface AnomalyRates {
  /** Per event: neither userId nor anonymousId. */
  missingIdentity: number;
  /** Per order_completed event: one line priced negative or zero. */
  badPrice: number;
  /** Per event: sent as a body that is not valid JSON (the event is lost). */
  malformedJson: number;
  /** Per event: a client retry sends it again later with the same messageId. */
  duplicate: number;
  /** Per event: the timestamp is hours in the past (an offline client catching up). */
  late: number;
  /** Per event: the timestamp is two or more days ahead (a wrong device clock). */
  future: number;
  /** Per session: a crawler with a bot user agent instead of a shopper. */
  bot: number;
  /** Per event: a property blows the event past 32 KB. */
  oversized: number;
  /** Per event: an extra track event whose name is not in the contract. */
  unknownEvent: number;
}

export const DEFAULT_ANOMALIES: Readonly<AnomalyRates> = Object.freeze({
  missingIdentity: 0.01,
  badPrice: 0.02,
  malformedJson: 0.005,
  duplicate: 0.01,
  late: 0.01,
  future: 0.005,
  bot: 0.02,
  oversized: 0.002,
  unknownEvent: 0.01,
});

/** Clean traffic: every anomaly off. */
export const NO_ANOMALIES: Readonly<AnomalyRates> = Object.freeze(
  Object.fromEntries(Object.keys(DEFAULT_ANOMALIES).map((k) => [k, 0])) as unknown as AnomalyRates,
);

const HOUR = 3_600_000;
const OVERSIZED_BYTES = 34 * 1024;
const UNKNOWN_EVENTS = ['Wishlist Shared', 'Gift Card Redeemed', 'Chat Opened', 'review_submitted'];
const ORDER_EVENTS = new Set(['Order Completed', 'order_completed']);

export interface Injected {
  items: WireItem[];
  /** The same event to send again later, as a client that missed the acknowledgement does. */
  retry: WireEvent | undefined;
}

/** Turns a clean event (changed in place) into what a messy real-world client would send. */
export function injectAnomalies(event: WireEvent, rates: AnomalyRates, rng: Rng): Injected {
  if (rng.chance(rates.missingIdentity)) {
    delete event.userId;
    delete event.anonymousId;
  }
  if (ORDER_EVENTS.has(String(event.event)) && rng.chance(rates.badPrice)) breakPrice(event, rng);
  if (rng.chance(rates.late)) shiftTime(event, -rng.int(2 * HOUR, 36 * HOUR));
  else if (rng.chance(rates.future)) shiftTime(event, rng.int(49 * HOUR, 240 * HOUR));
  if (rng.chance(rates.oversized)) {
    event.properties = {
      ...asRecord(event.properties),
      debug_dump: rng.token(64).repeat(OVERSIZED_BYTES / 64),
    };
  }
  const items: WireItem[] = [];
  if (rng.chance(rates.malformedJson)) items.push({ kind: 'raw', body: malform(event, rng) });
  else items.push({ kind: 'event', event });
  if (rng.chance(rates.unknownEvent))
    items.push({ kind: 'event', event: unknownSibling(event, rng) });
  const sent = items[0]?.kind === 'event';
  return { items, retry: sent && rng.chance(rates.duplicate) ? structuredClone(event) : undefined };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function breakPrice(event: WireEvent, rng: Rng): void {
  const lines = asRecord(event.properties).products;
  if (!Array.isArray(lines) || lines.length === 0) return;
  const line = asRecord(rng.pick(lines as unknown[]));
  const price = line.price;
  const negative = rng.chance(0.5);
  if (typeof price === 'number') line.price = negative ? -price : 0;
  else if (typeof price === 'string') line.price = negative ? `-${price}` : '0.00';
}

function shiftTime(event: WireEvent, ms: number): void {
  const at = Date.parse(String(event.timestamp));
  if (!Number.isNaN(at)) event.timestamp = new Date(at + ms).toISOString();
}

/** Broken bodies as buggy clients and proxies produce them; each stays on one line. */
function malform(event: WireEvent, rng: Rng): string {
  const json = JSON.stringify(event);
  switch (rng.int(0, 4)) {
    case 0:
      return json.slice(0, rng.int(1, json.length - 2));
    case 1:
      return `${json.slice(0, -1)},}`;
    case 2:
      return json.replace(/"/g, "'");
    case 3:
      return `${json.slice(0, -1)},"value":NaN}`;
    default:
      return `event=${encodeURIComponent(String(event.event ?? event.type))}&ts=${String(event.timestamp)}`;
  }
}

function unknownSibling(event: WireEvent, rng: Rng): WireEvent {
  const { userId, anonymousId, timestamp, context } = event;
  return {
    type: 'track',
    event: rng.pick(UNKNOWN_EVENTS),
    messageId: rng.uuid(),
    ...(userId === undefined ? {} : { userId }),
    ...(anonymousId === undefined ? {} : { anonymousId }),
    timestamp,
    ...(context === undefined ? {} : { context: structuredClone(context) }),
    properties: { channel: rng.pick(['email', 'link', 'whatsapp']) },
  };
}
