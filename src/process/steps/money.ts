import { Big } from 'big.js';

/** Money is decimal: amounts arrive as JSON numbers or decimal strings and leave as
 *  fixed 4-decimal strings for DECIMAL(18,4). A JSON number's shortest text is exactly
 *  what the client wrote, so no binary rounding leaks in. */
export type Money = Big;

export function money(v: number | string): Money {
  return new Big(v);
}

export function fmt(v: Money): string {
  return v.toFixed(4);
}

export function sum(values: Money[]): Money {
  return values.reduce((a, b) => a.plus(b), new Big(0));
}

export const ZERO = new Big(0);
