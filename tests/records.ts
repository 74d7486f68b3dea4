import type { LogRecord } from '../src/core/ports.js';
import { createPipeline } from '../src/process/pipeline.js';

/** A pipeline with the default settings, for tests that build batches by hand. */
export const testPipeline = createPipeline(
  { maxFutureMs: 86_400_000, defaultCurrency: 'USD', uaCacheSize: 10 },
  Date.now,
);

/** A log record holding `event` (its messageId becomes the record's). */
export function logRecord(seq: number, event: Record<string, unknown>): LogRecord {
  return {
    seq,
    receivedAt: Date.now(),
    writeKeyId: 'k',
    requestId: 'r',
    source: 'test',
    messageId: String(event.messageId),
    kind: 'event',
    payload: JSON.stringify(event),
  };
}
