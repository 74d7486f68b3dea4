import type { CommitResult, SilverBatch } from '../../core/ports.js';
import { SQL, seqRange, type CommitContext } from './commit-shared.js';
import { writeDirect, type KnownDuplicates } from './commit-direct.js';

/**
 * The exact path: the batch's messageIds and order_ids are looked up in silver (a join on
 * a small temp table), the stored ones are the duplicates, and the rest is written as on
 * the direct path. Used for replays, whenever DuckDB's direct path meets a key it did not
 * expect, and always on PostgreSQL. No `insert ... returning`: a plain lookup cannot
 * half-succeed. An `atLeastOnce` batch first loses the records an earlier delivery
 * committed (see withoutRedelivered).
 */
export async function writeStaged(ctx: CommitContext, batch: SilverBatch): Promise<CommitResult> {
  await ctx.run('delete from stage_keys');
  const orderOf = new Map(batch.orders.map((o) => [o.seq, o.order_id]));
  const keys = batch.events.map((e) => ({
    seq: e.seq,
    message_id: e.message_id,
    order_id: orderOf.get(e.seq) ?? null,
  }));
  // Quarantine rows have no key to look up, only their seq, which redelivery checks.
  const seqsOnly = batch.atLeastOnce
    ? batch.quarantine.map((q) => ({ seq: q.seq, message_id: null, order_id: null }))
    : [];
  await ctx.append('stage_keys', 'temp', [...keys, ...seqsOnly]);
  const { fresh, redelivered } = await withoutRedelivered(ctx, batch);
  const messages = new Set((await ctx.firstColumn(SQL.stored_messages!.text)).map(Number));
  const orders = new Set((await ctx.firstColumn(SQL.stored_orders!.text)).map(Number));
  const known: KnownDuplicates = {
    message: (e) => messages.has(e.seq),
    order: (o) => orders.has(o.seq),
  };
  const result = await writeDirect(ctx, fresh, known);
  return batch.atLeastOnce ? { ...result, redelivered } : result;
}

/**
 * At-least-once delivery: a record whose seq is already in silver_events or quarantine was
 * committed by an earlier delivery of the same log message (each record yields exactly one
 * event or one quarantine row), so it is dropped with every row it yields: neither stored
 * again nor quarantined as a duplicate. Needs all the batch's seqs in stage_keys.
 */
async function withoutRedelivered(
  ctx: CommitContext,
  batch: SilverBatch,
): Promise<{ fresh: SilverBatch; redelivered: number }> {
  const seqs = [...batch.events, ...batch.quarantine].map((r) => r.seq);
  if (!batch.atLeastOnce || seqs.length === 0) return { fresh: batch, redelivered: 0 };
  const found = await ctx.firstColumn(SQL.redelivered!.text, seqRange(seqs));
  const held = new Set(found.map(Number));
  if (held.size === 0) return { fresh: batch, redelivered: 0 };
  const keep = <T extends { seq: number }>(rows: T[]) => rows.filter((r) => !held.has(r.seq));
  const fresh: SilverBatch = {
    ...batch,
    events: keep(batch.events),
    orders: keep(batch.orders),
    orderLines: keep(batch.orderLines),
    refunds: keep(batch.refunds),
    refundLines: keep(batch.refundLines),
    adjustmentLines: keep(batch.adjustmentLines),
    traits: keep(batch.traits),
    quarantine: keep(batch.quarantine),
  };
  return { fresh, redelivered: held.size };
}
