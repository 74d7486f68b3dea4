import { setTimeout as sleep } from 'node:timers/promises';
import type { EventLog, LogInput } from '../core/ports.js';
import { rawInput, toLogInputs, type RequestMeta } from '../core/log-input.js';
import { messageIdOf } from './ids.js';
import type { ImportItem, ImportSink } from './types.js';

export interface LogSinkOptions {
  /** The per-event size limit: a larger event is quarantined as `oversized`. */
  maxEventBytes: number;
  /** Stamped on every record: the import's id, and the write key id it counts under. */
  requestId: string;
  writeKeyId: string;
  now: () => number;
  /** Records appended and not yet processed; appending waits while it is over `maxLag`. */
  lag: () => Promise<number>;
  maxLag: number;
  /** Resolves once everything appended is processed. */
  drain: () => Promise<void>;
}

/**
 * Appends items to the log of a local data folder as `source: import` records, the same
 * records the collector makes, so the processor validates, deduplicates and quarantines
 * them like live traffic. Appending waits while the processor is more than `maxLag` records
 * behind, so a large file never piles up unprocessed in the log.
 */
export function logSink(log: EventLog, opts: LogSinkOptions) {
  const range = { firstSeq: 0, lastSeq: 0, oversized: 0 };
  const sink: ImportSink = {
    async send(items: ImportItem[]) {
      while ((await opts.lag()) > opts.maxLag) await sleep(10);
      const meta: RequestMeta = {
        receivedAt: opts.now(),
        writeKeyId: opts.writeKeyId,
        requestId: opts.requestId,
        source: 'import',
      };
      const inputs: LogInput[] = [];
      for (const item of items) {
        if (item.kind === 'raw') {
          inputs.push(rawInput(item.text, meta, item.reason, messageIdOf('raw', item.text)));
          continue;
        }
        const { inputs: one, results } = toLogInputs([item.event], meta, opts.maxEventBytes);
        if (results[0]!.status === 'quarantined') range.oversized += 1;
        inputs.push(...one);
      }
      if (inputs.length === 0) return;
      const { firstSeq, lastSeq } = await log.append(inputs);
      range.firstSeq ||= firstSeq;
      range.lastSeq = lastSeq;
    },
    finish: () => opts.drain(),
  };
  return { sink, range };
}
