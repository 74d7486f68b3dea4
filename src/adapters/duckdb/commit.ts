import type { DuckDBConnection } from '@duckdb/node-api';
import type { CommitResult, SilverBatch } from '../../core/ports.js';
import { loadSqlFolder } from '../../core/sql.js';

const SQL = loadSqlFolder('commit');

/** Silver tables written through a temp stage table of the same shape (stage_<name>). */
export const stageTables = [
  'events',
  'orders',
  'order_lines',
  'refunds',
  'refund_lines',
  'customer_traits',
] as const;
const seqTables = ['drop', 'resolve', 'session_starts'] as const;

export interface CommitContext {
  conn: DuckDBConnection;
  now: string;
  append(table: string, catalog: 'temp' | null, rows: readonly object[]): Promise<void>;
}

/**
 * Writes one micro-batch inside the caller's transaction: stage everything, let the
 * primary keys find duplicate messageIds and order_ids, store the rest, quarantine the
 * duplicates, update live counters, and move the checkpoint.
 */
export async function writeBatch(ctx: CommitContext, batch: SilverBatch): Promise<CommitResult> {
  const { conn } = ctx;
  for (const t of [...stageTables, ...seqTables]) await conn.run(`delete from stage_${t}`);
  await ctx.append('stage_events', 'temp', batch.events);
  await ctx.append('stage_orders', 'temp', batch.orders);
  await ctx.append('stage_order_lines', 'temp', batch.orderLines);
  await ctx.append('stage_refunds', 'temp', batch.refunds);
  await ctx.append('stage_refund_lines', 'temp', batch.refundLines);
  await ctx.append('stage_customer_traits', 'temp', batch.traits);

  const stored = await returnedSeqs(conn, SQL.insert_events!.text);
  const duplicates = batch.events.filter((e) => !stored.has(e.seq)).map((e) => e.seq);
  await dropStaged(ctx, duplicates, false);

  const storedOrders = await returnedSeqs(conn, SQL.insert_orders!.text);
  const duplicateOrders = batch.orders
    .filter((o) => stored.has(o.seq) && !storedOrders.has(o.seq))
    .map((o) => o.seq);
  await dropStaged(ctx, duplicateOrders, true);

  for (const name of [
    'insert_order_lines',
    'insert_refunds',
    'insert_refund_lines',
    'insert_traits',
  ]) {
    await conn.run(SQL[name]!.text);
  }

  const replay = batch.checkpoint === null;
  const quarantine = replay
    ? batch.quarantine
    : [
        ...batch.quarantine,
        ...duplicates.map((seq) => batch.quarantineFor(seq, 'duplicate')),
        ...duplicateOrders.map((seq) => batch.quarantineFor(seq, 'duplicate_order')),
      ];
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

  for (const name of ['session_starts', 'upsert_last_seen', 'upsert_counters']) {
    await conn.run(SQL[name]!.text);
  }
  if (replay) {
    await ctx.append(
      'stage_resolve',
      'temp',
      batch.resolves.map((seq) => ({ seq })),
    );
    await conn.run(SQL.resolve_replayed!.text, [ctx.now]);
  } else if (batch.checkpoint) {
    const { consumer, toSeq } = batch.checkpoint;
    await conn.run(SQL.save_checkpoint!.text, [consumer, toSeq, ctx.now]);
  }
  return {
    stored: stored.size - duplicateOrders.length,
    quarantined: quarantine.length,
    duplicates: duplicates.length,
    duplicateOrders: duplicateOrders.length,
  };
}

async function returnedSeqs(conn: DuckDBConnection, sql: string): Promise<Set<number>> {
  const reader = await conn.runAndReadAll(sql);
  return new Set(reader.getRows().map((r) => Number(r[0])));
}

/** Takes events out of this batch (and, when already stored, out of silver_events). */
async function dropStaged(ctx: CommitContext, seqs: number[], stored: boolean): Promise<void> {
  if (seqs.length === 0) return;
  await ctx.conn.run('delete from stage_drop');
  await ctx.append(
    'stage_drop',
    'temp',
    seqs.map((seq) => ({ seq })),
  );
  if (stored) await ctx.conn.run(SQL.unstore_events!.text);
  await ctx.conn.run(SQL.drop_staged!.text);
}
