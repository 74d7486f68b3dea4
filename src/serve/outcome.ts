/** What became of the log records of a sequence range, and how far processing has got. */
export interface RecordsOutcome {
  fromSeq: number;
  toSeq: number;
  /** The processor's checkpoint: the range is settled once this reaches `toSeq`. */
  processedTo: number;
  /** Events of the range stored in silver. */
  stored: number;
  /** Quarantine rows of the range by reason (duplicates included). */
  quarantined: Record<string, number>;
}

type Read = (query: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/** Reads the outcome of records fromSeq..toSeq (an import's) with the named read `import_outcome`. */
export async function recordsOutcome(
  read: Read,
  fromSeq: number,
  toSeq: number,
  processedTo: number,
): Promise<RecordsOutcome> {
  const rows = await read('import_outcome', [fromSeq, toSeq]);
  const counts = Object.fromEntries(rows.map((r) => [String(r.outcome), Number(r.n)]));
  const { stored = 0, ...quarantined } = counts;
  return { fromSeq, toSeq, processedTo, stored, quarantined };
}
