import type { LogRecord } from '../../core/ports.js';
import { parseIsoUtc } from '../../core/time.js';
import { money } from './money.js';
import { pass, reject, type StepResult } from './outcome.js';
import type { ValidEvent } from './validate.js';

export interface NormalisedEvent extends ValidEvent {
  eventAt: number;
  originalAt: number | null;
  sentAt: number | null;
  userId: string | null;
  anonymousId: string | null;
  userKey: string;
  currency: string | null;
}

export interface NormaliseOptions {
  /** Events further than this after their receive time are quarantined. */
  maxFutureMs: number;
  defaultCurrency: string;
}

const MIN_TIME = Date.UTC(2000, 0, 1);
/** Every stored amount stays below this, so DECIMAL(18,4) always holds it. */
const MAX_AMOUNT = 1e12;
const MONEY_FIELDS = ['price', 'revenue', 'tax', 'shipping', 'discount', 'total', 'value'];

function parseTime(text: string | undefined, field: string): StepResult<number | null> {
  if (text === undefined) return pass(null);
  const ms = parseIsoUtc(text);
  if (Number.isNaN(ms) || ms < MIN_TIME)
    return reject(
      'bad_timestamp',
      `${field} "${text}" is not an ISO 8601 time with a zone after 2000`,
    );
  return pass(ms);
}

/**
 * UTC times with clock-skew correction, identity, currency and money checks. Skew: the
 * client stamps the event and the send with its own clock, so
 * eventAt = receivedAt - (sentAt - originalTimestamp) cancels the client's clock error.
 */
export function createNormaliseStep(opts: NormaliseOptions) {
  return function normalise(v: ValidEvent, record: LogRecord): StepResult<NormalisedEvent> {
    const e = v.envelope;
    const original = parseTime(e.originalTimestamp ?? e.timestamp, 'timestamp');
    if (!original.ok) return original;
    const sent = parseTime(e.sentAt ?? record.sentAt, 'sentAt');
    if (!sent.ok) return sent;
    const o = original.value;
    const s = sent.value;
    const eventAt = o === null ? record.receivedAt : s === null ? o : record.receivedAt - (s - o);
    if (eventAt > record.receivedAt + opts.maxFutureMs) {
      return reject(
        'future_timestamp',
        `event time ${new Date(eventAt).toISOString()} is after receive time + ${opts.maxFutureMs / 3_600_000} h`,
      );
    }
    if (eventAt < MIN_TIME) return reject('bad_timestamp', 'corrected event time is before 2000');
    const price = moneyProblem(v);
    if (price) return price;
    const userId = e.userId?.trim() || null;
    const anonymousId = e.anonymousId?.trim() || null;
    const currency = typeof v.props.currency === 'string' ? v.props.currency.toUpperCase() : null;
    return pass({
      ...v,
      eventAt,
      originalAt: o,
      sentAt: s,
      userId,
      anonymousId,
      userKey: (userId ?? anonymousId)!,
      currency: currency ?? (hasMoney(v) ? opts.defaultCurrency : null),
    });
  };
}

function hasMoney(v: ValidEvent): boolean {
  return MONEY_FIELDS.some((f) => v.props[f] !== undefined) || Array.isArray(v.props.products);
}

/**
 * Prices are positive, and order lines never free; an adjustment's lines are signed (a
 * credit, a write-off) and may be free. Every event's lines stay within MAX_AMOUNT.
 */
function moneyProblem(v: ValidEvent): {
  ok: false;
  reason: 'negative_price' | 'zero_price' | 'amount_out_of_range';
  detail: string;
} | null {
  const signed = v.name === 'adjustment_recorded';
  for (const f of signed ? [] : MONEY_FIELDS) {
    const x = v.props[f];
    if ((typeof x === 'number' || typeof x === 'string') && money(x).lt(0)) {
      return { ok: false, reason: 'negative_price', detail: `properties.${f} is negative (${x})` };
    }
  }
  const lines = (v.props.products ?? []) as { price: number | string; quantity?: number }[];
  let total = money(0);
  for (const [i, line] of lines.entries()) {
    const p = money(line.price);
    total = total.plus(p.abs().times(Math.abs(line.quantity ?? 1)));
    if (total.gte(MAX_AMOUNT)) {
      return {
        ok: false,
        reason: 'amount_out_of_range',
        detail: `products up to [${i}] amount to ${total.toFixed()} or more`,
      };
    }
    if (signed) continue;
    if (p.lt(0))
      return {
        ok: false,
        reason: 'negative_price',
        detail: `products[${i}].price is negative (${line.price})`,
      };
    if (p.eq(0) && v.name === 'order_completed') {
      return {
        ok: false,
        reason: 'zero_price',
        detail: `products[${i}].price is zero in an order`,
      };
    }
  }
  return null;
}
