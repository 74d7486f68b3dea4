import { HttpError } from '../../core/errors.js';

/** A span of local days in the reporting time zone, both ends included (YYYY-MM-DD). */
export interface DayRange {
  from: string;
  to: string;
  days: number;
}

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The longest range a request may ask for: ten years of days. */
const MAX_DAYS = 3660;

/** The local calendar day of `epochMs` in `timeZone` (an IANA zone), as YYYY-MM-DD. */
export function localDay(epochMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(epochMs);
}

/** `day` moved by `n` days (calendar arithmetic, no time zone involved). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function parseDay(name: string, value: string): string {
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (
    !DATE.test(value) ||
    !Number.isFinite(ms) ||
    new Date(ms).toISOString().slice(0, 10) !== value
  ) {
    throw new HttpError(
      400,
      'invalid_parameter',
      `${name} must be a date as YYYY-MM-DD, got "${value}"`,
    );
  }
  return value;
}

/**
 * The range a request asks for with `from` and `to` (local days, inclusive); by default the
 * last 7 days up to today in the reporting time zone.
 */
export function parseRange(
  query: { from?: string | undefined; to?: string | undefined },
  today: string,
): DayRange {
  const to = query.to ? parseDay('to', query.to) : today;
  const from = query.from ? parseDay('from', query.from) : addDays(to, -6);
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
  if (days < 1) throw new HttpError(400, 'invalid_parameter', `from (${from}) is after to (${to})`);
  if (days > MAX_DAYS) {
    throw new HttpError(400, 'invalid_parameter', `a range may span at most ${MAX_DAYS} days`);
  }
  return { from, to, days };
}

/** The range of the same length just before `r`: what "change vs the previous period" compares to. */
export const previousRange = (r: DayRange): DayRange => ({
  from: addDays(r.from, -r.days),
  to: addDays(r.from, -1),
  days: r.days,
});
