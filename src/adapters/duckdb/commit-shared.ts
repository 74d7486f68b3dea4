import type { CommitResult, QuarantineInput, SilverBatch } from '../../core/ports.js';
import { loadSqlFolder } from '../../core/sql.js';

export const SQL = loadSqlFolder('commit');

export interface CommitContext {
  /** Runs a statement, prepared once per text and reused: planning costs more than most runs. */
  run(sql: string, params?: unknown[]): Promise<void>;
  /** The first column of every result row. */
  firstColumn(sql: string): Promise<unknown[]>;
  now: string;
  append(table: string, catalog: 'temp' | null, rows: readonly object[]): Promise<void>;
}

export const seqRows = (seqs: number[]) => seqs.map((seq) => ({ seq }));

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
    const range = [Math.min(...storedSeqs), Math.max(...storedSeqs)];
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
