import type { LogRecord } from '../../core/ports.js';
import { decodeRecord } from '../../core/log-codec.js';
import { RAW_CAP } from '../../core/reasons.js';

/**
 * One JetStream message holds many records (group commit), so a record's seq is its
 * message's stream sequence times this, plus its offset within the message. A million
 * leaves room for any message (one of at most 1 MiB holds a few thousand records) while
 * seqs stay exact doubles: they stay below 2^53 (9.007e15) for the first 9e9 messages,
 * decades of traffic at thousands of messages a second. Seqs increase with the stream and
 * with the offset, so they are in log order, and a redelivered message gets the same seqs.
 */
export const RECORDS_PER_MESSAGE = 1_000_000;

/** The header that says how many records a message holds: a check on decoding. */
export const RECORDS_HEADER = 'Storepulse-Records';

/** The seq of record `offset` of the message stored at `streamSeq`. */
export function recordSeq(streamSeq: number, offset: number): number {
  return streamSeq * RECORDS_PER_MESSAGE + offset;
}

/**
 * Decodes a message written by NatsLog: one line per record, numbered 0, 1, 2, ... and
 * as many as the header says. Anything else is not ours: it becomes one raw record
 * (`malformed_json`) so it reaches quarantine instead of blocking the consumer.
 */
export function decodeMessage(
  streamSeq: number,
  text: string,
  declared: number | null,
  receivedAt: number,
): LogRecord[] {
  try {
    const lines = text.split('\n');
    if (lines.pop() !== '' || lines.length !== declared) throw new Error('record count');
    return lines.map((line, offset) => {
      const r = decodeRecord(line);
      if (r.seq !== offset) throw new Error('record offset');
      return { ...r, seq: recordSeq(streamSeq, offset) };
    });
  } catch {
    return [rawRecord(streamSeq, text, receivedAt)];
  }
}

function rawRecord(streamSeq: number, text: string, receivedAt: number): LogRecord {
  return {
    seq: recordSeq(streamSeq, 0),
    receivedAt,
    writeKeyId: '',
    requestId: '',
    source: 'nats',
    messageId: `nats-${streamSeq}`,
    kind: 'raw',
    reason: 'malformed_json',
    payload: text.slice(0, RAW_CAP),
  };
}
