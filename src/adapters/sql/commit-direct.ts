import type { CommitResult, SilverBatch, SilverEvent, SilverOrder } from '../../core/ports.js';
import { clearStage, finishBatch, seqRows, type CommitContext } from './commit-shared.js';

/** The primary key refused a row: the direct path guessed wrong and the batch goes staged. */
export function isDuplicateKey(err: unknown): boolean {
  return /duplicate key|violates (primary key|unique) constraint/i.test(
    String((err as Error)?.message),
  );
}

/** Which of a batch's events and orders are already stored. */
export interface KnownDuplicates {
  message(event: SilverEvent): boolean;
  order(order: SilverOrder): boolean;
}

/**
 * Writes a batch minus its known duplicates straight into the silver tables with bulk
 * appends. DuckDB's live batches come here first with its recent-keys guess: the primary
 * keys still check every row, and if one refuses (a duplicate older than the sets remember)
 * the append throws, the transaction rolls back and the caller retries with the duplicates
 * looked up in silver (writeStaged). A live batch's duplicates are quarantined; a replay's
 * keep their original quarantine rows, which finishBatch resolves as duplicates.
 */
export async function writeDirect(
  ctx: CommitContext,
  batch: SilverBatch,
  known: KnownDuplicates,
): Promise<CommitResult> {
  const dupMessages = new Set(batch.events.filter((e) => known.message(e)).map((e) => e.seq));
  const dupOrders = new Set(
    batch.orders.filter((o) => !dupMessages.has(o.seq) && known.order(o)).map((o) => o.seq),
  );
  const keep = <T extends { seq: number }>(rows: T[]) =>
    rows.filter((r) => !dupMessages.has(r.seq) && !dupOrders.has(r.seq));
  const events = keep(batch.events);
  await clearStage(ctx, ['batch', 'session_starts', 'resolve']);
  await ctx.append('silver_events', null, events);
  await ctx.append('silver_orders', null, keep(batch.orders));
  await ctx.append('silver_order_lines', null, keep(batch.orderLines));
  await ctx.append('silver_refunds', null, keep(batch.refunds));
  await ctx.append('silver_refund_lines', null, keep(batch.refundLines));
  await ctx.append('silver_adjustment_lines', null, keep(batch.adjustmentLines));
  await ctx.append('silver_customer_traits', null, keep(batch.traits));
  const storedSeqs = events.map((e) => e.seq);
  await ctx.append('stage_batch', 'temp', seqRows(storedSeqs));
  const quarantine = batch.checkpoint
    ? [
        ...batch.quarantine,
        ...[...dupMessages].map((seq) => batch.quarantineFor(seq, 'duplicate')),
        ...[...dupOrders].map((seq) => batch.quarantineFor(seq, 'duplicate_order')),
      ]
    : batch.quarantine;
  return finishBatch(ctx, batch, storedSeqs, quarantine, {
    duplicates: dupMessages.size,
    duplicateOrders: dupOrders.size,
  });
}
