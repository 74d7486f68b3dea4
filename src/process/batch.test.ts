import { expect, it } from 'vitest';
import { buildBatch } from './batch.js';
import { logRecord, testPipeline } from '../../tests/records.js';

const pipeline = testPipeline;
const record = (seq: number, messageId: string) =>
  logRecord(seq, { type: 'page', messageId, anonymousId: 'a' });

it('quarantines an event the pipeline throws on and keeps going (no poison events)', () => {
  const buggy: typeof pipeline = (r) => {
    if (r.messageId === 'boom') throw new Error('bug in a step');
    return pipeline(r);
  };
  const batch = buildBatch(
    [record(1, 'a'), record(2, 'boom'), record(3, 'b')],
    buggy,
    Date.now(),
    null,
  );
  expect(batch.events.map((e) => e.message_id)).toEqual(['a', 'b']);
  expect(batch.quarantine).toMatchObject([
    { seq: 2, reason: 'processing_error', detail: 'bug in a step' },
  ]);
});

it('settles duplicates inside a batch: the first messageId wins', () => {
  const batch = buildBatch([record(1, 'x'), record(2, 'x')], pipeline, Date.now(), null);
  expect(batch.events.map((e) => e.seq)).toEqual([1]);
  expect(batch.quarantine).toMatchObject([{ seq: 2, reason: 'duplicate' }]);
});
