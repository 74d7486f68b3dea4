/** Display formats. Money arrives as exact decimal strings and is only rounded for display. */
const moneyFormats = (currency: string) => ({
  code: currency,
  full: new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 2 }),
  short: new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  }),
});
let money = moneyFormats('USD');

/** The currency money is shown in: the one most orders are in (from /meta). */
export function setCurrency(code: string): void {
  if (code !== money.code) money = moneyFormats(code);
}
const count = new Intl.NumberFormat('en-US');
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

export const fmtMoney = (v: string | number | null | undefined) =>
  v == null ? '–' : money.full.format(Number(v));
export const fmtMoneyShort = (v: string | number | null | undefined) =>
  v == null ? '–' : money.short.format(Number(v));
export const fmtCount = (v: number | null | undefined) => (v == null ? '–' : count.format(v));
export const fmtPercent = (v: number | null | undefined) => (v == null ? '–' : percent.format(v));

/** Relative change from `before` to `now`, or null when there is nothing to compare with. */
export function change(now: number | string | null, before: number | string | null): number | null {
  if (now == null || before == null) return null;
  const b = Number(before);
  return b === 0 ? null : (Number(now) - b) / Math.abs(b);
}

export function fmtAge(seconds: number | null | undefined): string {
  if (seconds == null) return 'no events yet';
  if (seconds < 60) return `${Math.round(seconds)} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

/** An instant shown as local wall time of `timeZone` (the reporting zone). */
export function fmtTime(isoText: string, timeZone: string, withSeconds = false): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
  }).format(new Date(isoText));
}
