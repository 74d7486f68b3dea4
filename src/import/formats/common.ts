import Papa from 'papaparse';
import type { ImportItem } from '../types.js';

/** A row that does not have the format's columns: kept raw, it lands in quarantine. */
export function malformedRow(row: string[]): ImportItem {
  return { kind: 'raw', reason: 'malformed_row', text: Papa.unparse([row]) };
}

/** The exact text of a row, for hashing and duplicate detection. */
export const rowKey = (row: string[]): string => row.join('\u001f');

/** `value` when it is not blank, else undefined (so JSON leaves the property out). */
export const present = (value: string | undefined): string | undefined => {
  const v = value?.trim();
  return v ? v : undefined;
};

/** Adds one to a counter by key. */
export function bump(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

/**
 * A Segment event as an import item: `fields` is the envelope (identity, timestamp,
 * context), `messageId` goes on both the item and the event.
 */
export function eventItem(
  type: 'track' | 'page' | 'identify',
  name: string | null,
  messageId: string,
  fields: Record<string, unknown>,
): ImportItem {
  const event = { type, ...(name === null ? {} : { event: name }), messageId, ...fields };
  return { kind: 'event', messageId, event };
}
