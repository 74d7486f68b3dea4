import { DateTime, IANAZone } from 'luxon';

const WALL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/**
 * `YYYY-MM-DD HH:MM:SS` wall time in `zone` to an ISO UTC instant, or null when it does not
 * parse. A day whose offset is the same at its start and end is converted with that offset;
 * on a day the offset changes every time goes through luxon: a wall time the zone skips (the
 * spring-forward hour) moves forward by the gap, a repeated one (autumn) takes the earlier,
 * summer-time instant. Cached per day and per text: a file has few distinct times.
 */
export function zonedTimes(zone: string): (text: string) => string | null {
  if (!IANAZone.isValidZone(zone)) throw new Error(`${zone} is not an IANA time zone`);
  const days = new Map<string, number | null>();
  const cache = new Map<string, string | null>();
  const luxon = (text: string) => DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss', { zone });
  const dayOffset = (day: string) => {
    let offset = days.get(day);
    if (offset === undefined) {
      const start = luxon(`${day} 00:00:00`);
      const end = luxon(`${day} 23:59:59`);
      offset = start.isValid && start.offset === end.offset ? start.offset : null;
      days.set(day, offset);
    }
    return offset;
  };
  const convert = (text: string): string | null => {
    const m = WALL.exec(text);
    if (!m) return null;
    const offset = dayOffset(text.slice(0, 10));
    if (offset === null) {
      const t = luxon(text);
      return t.isValid ? t.toUTC().toISO() : null;
    }
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, ...number[]];
    const local = new Date(Date.UTC(y, mo! - 1, d, h, mi, s));
    if (local.getUTCDate() !== d || local.getUTCHours() !== h) return null;
    return new Date(local.getTime() - offset * 60_000).toISOString();
  };
  return (text) => {
    let iso = cache.get(text);
    if (iso === undefined) {
      iso = convert(text);
      if (cache.size > 100_000) cache.clear();
      cache.set(text, iso);
    }
    return iso;
  };
}
