import { describe, expect, it } from 'vitest';
import { encodeRecord } from '../../src/core/log-codec.js';
import { RAW_CAP } from '../../src/core/reasons.js';
import { decodeMessage, RECORDS_PER_MESSAGE } from '../../src/adapters/nats/message.js';
import { input, stored } from './helpers.js';

describe('NATS message format', () => {
  it('encodes records exactly as the file log always has', () => {
    const r = input(3, { sentAt: 'S', reason: 'oversized', kind: 'raw', payload: 'a\tb\nc' });
    const header = [7, r.receivedAt, 'shop1', 'req-3', 'http', 'm-3', 'S', 'raw', 'oversized'];
    expect(encodeRecord(7, r)).toBe(`${JSON.stringify(header)}\t${JSON.stringify('a\tb\nc')}\n`);
  });

  it('numbers the records of a message from its stream sequence', () => {
    const text = [input(1), input(2)].map((r, i) => encodeRecord(i, r)).join('');
    const records = decodeMessage(42, text, 2, 0);
    expect(records.map((r) => r.seq)).toEqual([
      42 * RECORDS_PER_MESSAGE,
      42 * RECORDS_PER_MESSAGE + 1,
    ]);
    expect(records.map(({ seq: _seq, ...r }) => r)).toEqual([input(1), input(2)].map(stored));
    // Seqs stay exact: 9e9 messages of up to a million records are below 2^53.
    expect(9e9 * RECORDS_PER_MESSAGE).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });

  it('turns anything not ours into one raw record, capped', () => {
    const ours = encodeRecord(0, input(1));
    const cases: [string, number | null][] = [
      [ours, null], // no header
      [ours, 2], // fewer records than declared
      [encodeRecord(1, input(1)), 1], // wrong offset
      [ours.slice(0, -1), 1], // no final newline
      ['x'.repeat(RAW_CAP + 10), 1],
    ];
    for (const [text, declared] of cases) {
      const records = decodeMessage(5, text, declared, 123);
      expect(records).toEqual([
        {
          seq: 5 * RECORDS_PER_MESSAGE,
          receivedAt: 123,
          writeKeyId: '',
          requestId: '',
          source: 'nats',
          messageId: 'nats-5',
          kind: 'raw',
          reason: 'malformed_json',
          payload: text.slice(0, RAW_CAP),
        },
      ]);
    }
  });
});
