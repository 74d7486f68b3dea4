/**
 * Timestamps inside storepulse are UTC. In SQL they are `TIMESTAMP` columns holding UTC
 * wall time (the same type and behaviour in DuckDB and PostgreSQL), written as
 * `YYYY-MM-DD HH:MM:SS.mmm`. Both functions here run once or more per event, so they avoid
 * Date.parse and toISOString on the hot path.
 */
let cachedSecond = NaN;
let cachedPrefix = '';

export function toSqlTimestamp(epochMs: number): string {
  const ms = Math.floor(epochMs);
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19).replace('T', ' ');
  }
  const frac = ms - second * 1000;
  return `${cachedPrefix}.${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}`;
}

/** Reads a SQL timestamp (UTC wall time) back into epoch milliseconds. */
export function fromSqlTimestamp(text: string): number {
  return Date.parse(text.replace(' ', 'T') + (/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? '' : 'Z'));
}

// An explicit zone is required: a zone-less time would be read in the server's zone.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/i;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Parses ISO 8601 date-time with a zone into epoch ms; NaN when it is not one. */
export function parseIsoUtc(text: string): number {
  const m = ISO.exec(text);
  if (!m) return NaN;
  const [y, mo, d, h, mi] = [+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!];
  const s = m[6] ? +m[6] : 0;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const monthDays = mo === 2 && leap ? 29 : DAYS[mo - 1];
  if (monthDays === undefined || d < 1 || d > monthDays || h > 23 || mi > 59 || s > 59) return NaN;
  const ms = m[7] ? Math.floor(+`0.${m[7]}` * 1000) : 0;
  const offset = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (+m[10]! * 60 + +m[11]!) * 60_000;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offset;
}
