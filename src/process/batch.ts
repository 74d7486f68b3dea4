import type { LogRecord, SilverBatch } from '../core/ports.js';
import { quarantineRow, type Pipeline, type Processed } from './pipeline.js';

/**
 * Runs the pipeline over a run of records and gathers one SilverBatch. Duplicates inside
 * the batch (a messageId, or an order_id, seen earlier in it) are settled here; duplicates
 * of rows already stored are settled by the warehouse in the same transaction.
 */
export function buildBatch(
  records: LogRecord[],
  pipeline: Pipeline,
  now: number,
  checkpoint: SilverBatch['checkpoint'],
): SilverBatch {
  const bySeq = new Map(records.map((r) => [r.seq, r]));
  const batch: SilverBatch = {
    checkpoint,
    events: [],
    orders: [],
    orderLines: [],
    refunds: [],
    refundLines: [],
    adjustmentLines: [],
    traits: [],
    quarantine: [],
    resolves: [],
    quarantineFor: (seq, reason) => {
      const r = bySeq.get(seq);
      if (!r) throw new Error(`no record ${seq} in this batch`);
      const detail =
        reason === 'duplicate' ? 'messageId already stored' : 'order_id already stored';
      return quarantineRow(r, reason, detail, now);
    },
  };
  const messageIds = new Set<string>();
  const orderIds = new Set<string>();
  for (const record of records) {
    const out = runSafely(pipeline, record, now);
    if (!out.ok) {
      batch.quarantine.push(out.quarantine);
      continue;
    }
    const { event, order, orderLines, refund, refundLines, adjustmentLines, traits } = out.rows;
    if (messageIds.has(event.message_id)) {
      batch.quarantine.push(
        quarantineRow(record, 'duplicate', 'messageId repeated in the batch', now),
      );
      continue;
    }
    if (order && orderIds.has(order.order_id)) {
      batch.quarantine.push(
        quarantineRow(record, 'duplicate_order', 'order_id repeated in the batch', now),
      );
      continue;
    }
    messageIds.add(event.message_id);
    batch.events.push(event);
    if (order) {
      orderIds.add(order.order_id);
      batch.orders.push(order);
      batch.orderLines.push(...orderLines);
    }
    if (refund) {
      batch.refunds.push(refund);
      batch.refundLines.push(...refundLines);
    }
    batch.adjustmentLines.push(...adjustmentLines);
    if (traits) batch.traits.push(traits);
  }
  return batch;
}

/**
 * A bug met by one event must not stop the stream behind it: the event is quarantined with
 * the error, to be replayed once the code is fixed, and the batch goes on.
 */
function runSafely(pipeline: Pipeline, record: LogRecord, now: number): Processed {
  try {
    return pipeline(record);
  } catch (err) {
    return {
      ok: false,
      quarantine: quarantineRow(
        record,
        'processing_error',
        String((err as Error)?.message ?? err),
        now,
      ),
    };
  }
}
