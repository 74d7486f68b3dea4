import { describe, expect, it } from 'vitest';
import { copyChunks, copyValue } from './copy.js';

describe('COPY text encoding', () => {
  it('writes each kind of value as PostgreSQL reads it back', () => {
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue('\\N')).toBe('\\\\N');
    expect(copyValue('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyValue('zwölf € 12.5000')).toBe('zwölf € 12.5000');
    expect(copyValue(true)).toBe('t');
    expect(copyValue(false)).toBe('f');
    expect(copyValue(-42)).toBe('-42');
    expect(copyValue(Number.NaN)).toBeUndefined();
    expect(copyValue({})).toBeUndefined();
  });

  it('writes rows by column name in the table order, one line each', () => {
    const rows = [
      { b: 'x', a: 1, c: null },
      { c: true, a: 2, b: '' },
    ];
    expect([...copyChunks('t', ['a', 'b', 'c'], rows)].join('')).toBe('1\tx\t\\N\n2\t\tt\n');
  });

  it('throws for a missing field or a value of no column type', () => {
    expect(() => [...copyChunks('t', ['a', 'b'], [{ a: 1 }])]).toThrow('row for t has no field b');
    expect(() => [...copyChunks('t', ['a'], [{ a: 1n }])]).toThrow('t.a cannot be written');
  });
});
