import type { QuarantineReason } from '../core/reasons.js';

export const IMPORT_FORMATS = ['rees46', 'online-retail', 'ndjson'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/**
 * One item for the pipeline: a Segment-style event (with its deterministic messageId), or a
 * source row that could not be read, kept raw so it lands in quarantine with its reason.
 */
export type ImportItem =
  | { kind: 'event'; messageId: string; event: Record<string, unknown> }
  | { kind: 'raw'; reason: QuarantineReason; text: string };

/** What a format's mapper counts besides the events it emits. */
export interface MapperCounts {
  /** Source rows read (data rows, not the header). */
  rows: number;
  /** Rows identical to an earlier row of their group (see docs/import.md for the rule). */
  duplicateRows: number;
  /** Adjustment lines by kind (stock, bad_debt, ...). */
  adjustments: Record<string, number>;
  /** Events the mapper inferred that no row states (REES46 page views and checkouts). */
  inferred: number;
}

/** Turns the rows of one format into items; `end` flushes what it still holds. */
export interface Mapper<Row> {
  push(row: Row, out: ImportItem[]): void;
  end(out: ImportItem[]): void;
  counts(): MapperCounts;
}

/** Where the items go: a running instance over HTTP, or the log of a local data folder. */
export interface ImportSink {
  send(items: ImportItem[]): Promise<void>;
  /** Resolves when everything sent is acknowledged (and, offline, processed). */
  finish(): Promise<void>;
}

export const emptyCounts = (): MapperCounts => ({
  rows: 0,
  duplicateRows: 0,
  adjustments: {},
  inferred: 0,
});
