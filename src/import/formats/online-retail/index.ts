import { emptyCounts, type ImportItem, type Mapper } from '../../types.js';
import { malformedRow, present, rowKey } from '../common.js';
import { invoiceItems, type Invoice, type Line } from './invoice.js';
import { CancellationMatcher } from './matcher.js';
import { zonedTimes } from './time.js';

export const ONLINE_RETAIL_COLUMNS = [
  'InvoiceNo',
  'StockCode',
  'Description',
  'Quantity',
  'InvoiceDate',
  'UnitPrice',
  'CustomerID',
  'Country',
];

/** An invoice is complete once the file is this far past its last line (rows are in time order). */
const CLOSE_AFTER_MS = 10 * 60_000;
const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * Online Retail invoice lines to events (rules in docs/import.md). Lines are gathered per
 * invoice; an invoice is turned into events when the file has moved ten minutes past its
 * last line, or at the end.
 */
export function onlineRetailMapper(opts: { zone: string }): Mapper<string[]> {
  const counts = emptyCounts();
  const toUtc = zonedTimes(opts.zone);
  const ctx = { matcher: new CancellationMatcher(), counts, countries: new Map<string, string>() };
  const open = new Map<string, Invoice & { lastMs: number }>();
  let lastText = '';

  const close = (out: ImportItem[], beforeMs: number) => {
    for (const [number, inv] of open) {
      if (inv.lastMs >= beforeMs) continue;
      open.delete(number);
      out.push(...invoiceItems(inv, ctx));
    }
  };

  return {
    counts: () => counts,
    end: (out) => close(out, Infinity),
    push(row, out) {
      counts.rows += 1;
      const line = readLine(row, toUtc);
      if (!line) {
        out.push(malformedRow(row));
        return;
      }
      const ms = Date.parse(line.at);
      if (row[4] !== lastText) {
        lastText = row[4]!;
        close(out, ms - CLOSE_AFTER_MS);
      }
      const inv = open.get(line.invoice);
      if (inv) {
        inv.lines.push(line);
        inv.lastMs = Math.max(inv.lastMs, ms);
      } else open.set(line.invoice, { number: line.invoice, lines: [line], lastMs: ms });
    },
  };
}

/** A row's values, or null when it is not an Online Retail line. */
function readLine(row: string[], toUtc: (text: string) => string | null): Line | null {
  if (row.length !== ONLINE_RETAIL_COLUMNS.length) return null;
  const [invoice, stockCode, description, quantity, date, price, customer, country] = row as [
    string,
    ...string[],
  ];
  const at = toUtc(date!);
  const code = stockCode!.trim();
  if (!invoice.trim() || !code || !INTEGER.test(quantity!) || !DECIMAL.test(price!) || !at)
    return null;
  const p = price!.replace(/^(-?)0+(?=\d)/, '$1');
  return {
    row,
    key: rowKey(row),
    invoice: invoice.trim(),
    stockCode: code,
    name: present(description),
    quantity: Number(quantity),
    price: p,
    sign: /^-?[0.]+$/.test(p) ? 0 : p.startsWith('-') ? -1 : 1,
    at,
    customer: present(customer)?.replace(/\.0+$/, ''),
    country: country!.trim(),
  };
}
