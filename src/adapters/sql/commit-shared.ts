import type { CommitResult, QuarantineInput, SilverBatch } from '../../core/ports.js';
import { loadSqlFolder } from '../../core/sql.js';

export const SQL = loadSqlFolder('commit');

/**
 * What the commit steps need of an engine, so DuckDB and PostgreSQL run the same steps with
 * the same SQL and differ only in how rows are bulk-written (appender, COPY).
 */
export interface CommitContext {
  /** Runs a statement (DuckDB prepares each text once: planning costs more than most runs). */
  run(sql: string, params?: unknown[]): Promise<void>;
  /** The first column of every result row. */
  firstColumn(sql: string, params?: unknown[]): Promise<unknown[]>;
  now: string;
  append(table: string, catalog: 'temp' | null, rows: readonly object[]): Promise<void>;
}

/**
 * The temp tables a commit uses besides the silver tables, created by each engine on its
 * writer connection: the batch's keys to look up, and sets of seqs.
 */
export const STAGE_TABLES: Record<string, readonly { name: string; type: 'bigint' | 'varchar' }[]> =
  {
    keys: [
      { name: 'seq', type: 'bigint' },
      { name: 'message_id', type: 'varchar' },
      { name: 'order_id', type: 'varchar' },
    ],
    batch: [{ name: 'seq', type: 'bigint' }],
    resolve: [{ name: 'seq', type: 'bigint' }],
    session_starts: [{ name: 'seq', type: 'bigint' }],
  };

/** A stage table's column list as DDL, e.g. `seq bigint, message_id varchar`. */
export const stageColumnsDdl = (table: string): string =>
  STAGE_TABLES[table]!.map((c) => `${c.name} ${c.type}`).join(', ');

export const seqRows = (seqs: number[]) => seqs.map((seq) => ({ seq }));

/** The smallest and largest of `seqs` (not empty), as bound to `seq between $1 and $2`. */
export const seqRange = (seqs: number[]): [number, number] => [
  seqs.reduce((a, b) => Math.min(a, b)),
  seqs.reduce((a, b) => Math.max(a, b)),
];

/**
 * The steps every batch ends with, once its silver rows are in: quarantine rows, live
 * sessions and counters from the batch's stored rows (their seqs in stage_batch), and the
 * checkpoint, or for a replay the resolution of the replayed quarantine rows.
 */
export async function finishBatch(
  ctx: CommitContext,
  batch: SilverBatch,
  storedSeqs: number[],
  quarantine: QuarantineInput[],
  counts: Omit<CommitResult, 'stored' | 'quarantined'>,
): Promise<CommitResult> {
  await ctx.append(
    'quarantine',
    null,
    quarantine.map((q) => ({
      ...q,
      replay_count: 0,
      replayed_at: null,
      resolved_at: null,
      resolution: null,
    })),
  );
  if (storedSeqs.length > 0) {
    const range = seqRange(storedSeqs);
    for (const name of ['session_starts', 'upsert_last_seen', 'upsert_counters']) {
      await ctx.run(SQL[name]!.text, range);
    }
  }
  if (batch.checkpoint) {
    const { consumer, toSeq } = batch.checkpoint;
    await ctx.run(SQL.save_checkpoint!.text, [consumer, toSeq, ctx.now]);
  } else {
    await ctx.append('stage_resolve', 'temp', seqRows(batch.resolves));
    await ctx.run(SQL.resolve_replayed!.text, [ctx.now]);
  }
  return { stored: storedSeqs.length, quarantined: quarantine.length, ...counts };
}

export async function clearStage(ctx: CommitContext, tables: readonly string[]): Promise<void> {
  for (const t of tables) await ctx.run(`delete from stage_${t}`);
}
