import type { CommitResult, SilverBatch } from '../../core/ports.js';
import { SQL, type CommitContext } from './commit-shared.js';
import { writeDirect, type KnownDuplicates } from './commit-direct.js';

/** Temp tables a commit uses besides the silver tables (seqs, or keys to look up). */
export const seqTables = ['batch', 'resolve', 'session_starts'] as const;

/**
 * The exact path: the batch's messageIds and order_ids are looked up in silver (a join on
 * a small temp table), the stored ones are the duplicates, and the rest is written as on
 * the direct path. Used for replays and whenever the direct path meets a key it did not
 * expect. No `insert ... returning`: a plain lookup cannot half-succeed.
 */
export async function writeStaged(ctx: CommitContext, batch: SilverBatch): Promise<CommitResult> {
  await ctx.run('delete from stage_keys');
  const orderOf = new Map(batch.orders.map((o) => [o.seq, o.order_id]));
  await ctx.append(
    'stage_keys',
    'temp',
    batch.events.map((e) => ({
      seq: e.seq,
      message_id: e.message_id,
      order_id: orderOf.get(e.seq) ?? null,
    })),
  );
  const messages = new Set((await ctx.firstColumn(SQL.stored_messages!.text)).map(Number));
  const orders = new Set((await ctx.firstColumn(SQL.stored_orders!.text)).map(Number));
  const known: KnownDuplicates = {
    message: (e) => messages.has(e.seq),
    order: (o) => orders.has(o.seq),
  };
  return writeDirect(ctx, batch, known);
}
