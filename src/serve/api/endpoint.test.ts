import { describe, expect, it } from 'vitest';
import { iso } from './endpoint.js';

describe('iso', () => {
  it('gives every warehouse timestamp the same ISO form, whatever its fraction', () => {
    // DuckDB prints 45.370 as "45.37" and a whole second without a fraction.
    expect(iso('2026-11-21 18:22:45.37')).toBe('2026-11-21T18:22:45.370Z');
    expect(iso('2026-11-21 18:22:45')).toBe('2026-11-21T18:22:45.000Z');
    expect(iso('2026-11-21 18:22:45.123456')).toBe('2026-11-21T18:22:45.123Z');
    expect(iso('2026-11-21 18:22:45.007')).toBe('2026-11-21T18:22:45.007Z');
  });
});
