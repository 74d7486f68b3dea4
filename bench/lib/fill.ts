import type { LogRecord, Warehouse } from '../../src/core/ports.js';
import type { Generator } from '../../src/generate/index.js';
import { buildBatch } from '../../src/process/batch.js';
import { createPipeline } from '../../src/process/pipeline.js';

const pipeline = createPipeline(
  { maxFutureMs: 86_400_000, defaultCurrency: 'USD', uaCacheSize: 10_000 },
  Date.now,
);

/**
 * Puts `count` generated items through the real pipeline and commit path, without HTTP or
 * log files: the fastest honest way to a big warehouse. Each record is received when it
 * was sent, so simulated history keeps its timestamps through skew correction.
 */
export async function fillWarehouse(
  warehouse: Warehouse,
  generator: Generator,
  opts: { count: number; firstSeq: number; batchSize?: number; onBatch?: (done: number) => void },
): Promise<number> {
  const batchSize = opts.batchSize ?? 20_000;
  let seq = opts.firstSeq;
  for (let done = 0; done < opts.count;) {
    const records: LogRecord[] = [];
    const n = Math.min(batchSize, opts.count - done);
    for (let i = 0; i < n; i++) records.push(toRecord(generator, ++seq));
    await warehouse.commit(
      buildBatch(records, pipeline, Date.now(), { consumer: 'silver', toSeq: seq }),
    );
    done += n;
    opts.onBatch?.(done);
  }
  return seq;
}

function toRecord(generator: Generator, seq: number): LogRecord {
  const item = generator.next();
  const base = { seq, writeKeyId: 'bench', requestId: `r${seq}`, source: 'bench' };
  if (item.kind === 'raw') {
    return {
      ...base,
      receivedAt: Date.now(),
      messageId: `raw-${seq}`,
      kind: 'raw',
      reason: 'malformed_json',
      payload: item.body,
    };
  }
  const e = item.event as Record<string, unknown>;
  const at = e.sentAt ?? e.timestamp;
  const sent = typeof at === 'string' ? Date.parse(at) : NaN;
  return {
    ...base,
    receivedAt: Number.isFinite(sent) ? sent + 50 : Date.now(),
    messageId: typeof e.messageId === 'string' ? e.messageId : `gen-${seq}`,
    kind: 'event',
    payload: JSON.stringify(e),
  };
}
