import type { CommitResult, SilverBatch } from '../../core/ports.js';
import { clearStage, finishBatch, seqRows, SQL, type CommitContext } from './commit-shared.js';

/** Silver tables written through a temp stage table of the same shape (stage_<name>). */
export const stageTables = [
  'events',
  'orders',
  'order_lines',
  'refunds',
  'refund_lines',
  'customer_traits',
] as const;
export const seqTables = ['batch', 'drop', 'resolve', 'session_starts'] as const;

/**
 * The exact path: stage everything, let the primary keys find duplicate messageIds and
 * order_ids (`on conflict do nothing returning seq`), store the rest, quarantine the
 * duplicates. Used for replays and whenever the direct path meets a key it did not expect.
 */
export async function writeStaged(ctx: CommitContext, batch: SilverBatch): Promise<CommitResult> {
  await clearStage(ctx, [...stageTables, ...seqTables]);
  await ctx.append('stage_events', 'temp', batch.events);
  await ctx.append('stage_orders', 'temp', batch.orders);
  await ctx.append('stage_order_lines', 'temp', batch.orderLines);
  await ctx.append('stage_refunds', 'temp', batch.refunds);
  await ctx.append('stage_refund_lines', 'temp', batch.refundLines);
  await ctx.append('stage_customer_traits', 'temp', batch.traits);

  const stored = await returnedSeqs(ctx, SQL.insert_events!.text);
  const duplicates = batch.events.filter((e) => !stored.has(e.seq)).map((e) => e.seq);
  await dropStaged(ctx, duplicates, false);

  const storedOrders = await returnedSeqs(ctx, SQL.insert_orders!.text);
  const duplicateOrders = batch.orders
    .filter((o) => stored.has(o.seq) && !storedOrders.has(o.seq))
    .map((o) => o.seq);
  await dropStaged(ctx, duplicateOrders, true);

  for (const name of [
    'insert_order_lines',
    'insert_refunds',
    'insert_refund_lines',
    'insert_traits',
    'batch_from_stage',
  ]) {
    await ctx.run(SQL[name]!.text);
  }
  const dropped = new Set([...duplicates, ...duplicateOrders]);
  // A replay keeps the original quarantine rows of its duplicates (resolved as such).
  const quarantine = batch.checkpoint
    ? [
        ...batch.quarantine,
        ...duplicates.map((seq) => batch.quarantineFor(seq, 'duplicate')),
        ...duplicateOrders.map((seq) => batch.quarantineFor(seq, 'duplicate_order')),
      ]
    : batch.quarantine;
  const storedSeqs = batch.events.map((e) => e.seq).filter((s) => !dropped.has(s));
  return finishBatch(ctx, batch, storedSeqs, quarantine, {
    duplicates: duplicates.length,
    duplicateOrders: duplicateOrders.length,
  });
}

async function returnedSeqs(ctx: CommitContext, sql: string): Promise<Set<number>> {
  return new Set((await ctx.firstColumn(sql)).map(Number));
}

/** Takes events out of this batch (and, when already stored, out of silver_events). */
async function dropStaged(ctx: CommitContext, seqs: number[], stored: boolean): Promise<void> {
  if (seqs.length === 0) return;
  await ctx.run('delete from stage_drop');
  await ctx.append('stage_drop', 'temp', seqRows(seqs));
  if (stored) await ctx.run(SQL.unstore_events!.text);
  await ctx.run(SQL.drop_staged!.text);
}
