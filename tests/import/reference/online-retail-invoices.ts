import type { Big } from 'big.js';
import { byName, decimal, integer } from './common.js';

/** The Online Retail CSV's columns, in order. */
export const ONLINE_RETAIL_COLUMNS = [
  'InvoiceNo',
  'StockCode',
  'Description',
  'Quantity',
  'InvoiceDate',
  'UnitPrice',
  'CustomerID',
  'Country',
] as const;

/** How a stock code is booked (import spec): only `product` lines are product revenue. */
export type LineType = 'product' | 'shipping' | 'fee' | 'discount' | 'manual';

const CODE_TYPES: Record<string, LineType> = {
  POST: 'shipping',
  DOT: 'shipping',
  C2: 'shipping',
  'BANK CHARGES': 'fee',
  AMAZONFEE: 'fee',
  CRUK: 'fee',
  D: 'discount',
  M: 'manual',
  m: 'manual',
  S: 'manual',
  B: 'manual',
};

/** The line type of a stock code; codes starting `gift_` are manual, unknown codes products. */
export function lineType(code: string): LineType {
  return CODE_TYPES[code] ?? (code.startsWith('gift_') ? 'manual' : 'product');
}

/** One invoice line as read (a kept line: not an exact duplicate of an earlier one). */
export interface RetailLine {
  stockCode: string;
  quantity: number;
  price: Big;
  type: LineType;
}

/** One invoice: its lines in file order, exact duplicates taken out and counted. */
export interface Invoice {
  invoiceNo: string;
  kind: 'sale' | 'cancellation' | 'bad_debt';
  /** The first line's `InvoiceDate` (local time, `YYYY-MM-DD HH:MM:SS`). */
  time: string;
  /** `CustomerID` without its `.0`; null for a guest. */
  customer: string | null;
  country: string;
  lines: RetailLine[];
  /** Lines identical in all 8 columns to an earlier line of this invoice. */
  duplicateLines: RetailLine[];
}

/** The buyer key the product uses: the customer, else `guest-<InvoiceNo>`. */
export const userKeyOf = (inv: Invoice): string => inv.customer ?? `guest-${inv.invoiceNo}`;

/**
 * Groups the rows by `InvoiceNo` in order of first appearance (the file is in date order, so
 * this is time order), dropping exact duplicate lines into `duplicateLines`.
 */
export function readInvoices(rows: string[][]): Invoice[] {
  const invoices = new Map<string, Invoice & { seen: Set<string> }>();
  for (const row of rows) {
    const r = byName(row, ONLINE_RETAIL_COLUMNS);
    const invoiceNo = r.InvoiceNo;
    let inv = invoices.get(invoiceNo);
    if (!inv) {
      inv = {
        invoiceNo,
        kind: kindOf(invoiceNo),
        time: r.InvoiceDate,
        customer: r.CustomerID === '' ? null : r.CustomerID.replace(/\.0$/, ''),
        country: r.Country,
        lines: [],
        duplicateLines: [],
        seen: new Set(),
      };
      invoices.set(invoiceNo, inv);
    }
    const line = {
      stockCode: r.StockCode,
      quantity: integer(r.Quantity),
      price: decimal(r.UnitPrice),
      type: lineType(r.StockCode),
    };
    const key = row.join('\u0000');
    (inv.seen.has(key) ? inv.duplicateLines : inv.lines).push(line);
    inv.seen.add(key);
  }
  return [...invoices.values()].map(({ seen: _seen, ...inv }) => inv);
}

function kindOf(invoiceNo: string): Invoice['kind'] {
  if (/^\d/.test(invoiceNo)) return 'sale';
  if (invoiceNo.startsWith('C')) return 'cancellation';
  if (invoiceNo.startsWith('A')) return 'bad_debt';
  throw new Error(`unexpected InvoiceNo ${invoiceNo}`);
}
