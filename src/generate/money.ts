/** Money stays in integer cents until it is written out, so sums and splits are exact. */
export type Cents = number;

/** "1234.50", "-0.99": always two decimals. */
export function formatCents(cents: Cents): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Clients disagree on money: some send decimal strings, some JSON numbers. Both come from the
 * formatted string, so a number is the nearest double to an exact two-decimal value.
 */
export function money(cents: Cents, asString: boolean): string | number {
  const text = formatCents(cents);
  return asString ? text : Number(text);
}

/** `percent` of an amount, rounded half up to the cent. */
export function percentOf(cents: Cents, percent: number): Cents {
  return Math.round((cents * percent) / 100);
}
