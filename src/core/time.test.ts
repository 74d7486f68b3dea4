import { describe, expect, it } from 'vitest';
import { fromSqlTimestamp, parseIsoUtc, toSqlTimestamp } from './time.js';

describe('time', () => {
  it('parses ISO 8601 with zones exactly as Date.parse does', () => {
    for (const t of [
      '2026-11-21T10:15:00Z',
      '2026-11-21T10:15:00.250+02:00',
      '2026-11-21T10:15:00.1234567-0530',
      '2024-02-29T23:59:59.999z',
      '2026-11-21T10:15Z',
    ]) {
      expect(parseIsoUtc(t)).toBe(Date.parse(t.replace(/\.(\d{3})\d+/, '.$1')));
    }
  });

  it('rejects times without a zone and impossible dates', () => {
    for (const t of [
      '2026-11-21T10:15:00',
      '2026-11-21 10:15:00Z',
      '2025-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-04-31T00:00:00Z',
      'yesterday',
      '2026-11-21T24:00:00Z',
    ]) {
      expect(parseIsoUtc(t)).toBeNaN();
    }
  });

  it('writes SQL timestamps in UTC with milliseconds and reads them back', () => {
    const ms = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
    expect(toSqlTimestamp(ms)).toBe('2026-01-02 03:04:05.006');
    expect(toSqlTimestamp(ms + 994)).toBe('2026-01-02 03:04:06.000');
    expect(toSqlTimestamp(ms + 60)).toBe('2026-01-02 03:04:05.066');
    expect(fromSqlTimestamp('2026-01-02 03:04:05.006')).toBe(ms);
  });
});
