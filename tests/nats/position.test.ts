import { afterEach, expect, it } from 'vitest';
import { natsConsumer, natsLog } from '../../src/adapters/nats/connect.js';
import { streamPosition } from '../../src/adapters/nats/position.js';
import { consumerSpec } from '../../src/adapters/nats/stream.js';
import { dropStream, input, testClient, testStream } from './helpers.js';

/**
 * Where the pipeline stands as the broker sees it (status, the monitor's freshness and lag),
 * also before the processors' consumer or even the stream exists: a dashboard or an operator
 * command may look first, and must neither fail nor create them.
 */
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('reads the stream and the shared consumer, and copes with either missing', async () => {
  const client = await testClient();
  cleanups.push(() => client.close());
  const spec = testStream();
  cleanups.push(() => dropStream(client, spec.name));
  const consumer = consumerSpec({ name: 'position-test', ackWaitMs: 30_000 });
  const position = () => streamPosition(client, spec.name, consumer.name);

  // No stream yet.
  const none = await position();
  expect([none.lastSeq, none.bytes, none.pending + none.inFlight]).toEqual([0, 0, 0]);
  expect([none.newestAt, none.oldestUnackedAt]).toEqual([null, null]);

  // Three messages, no consumer yet: all of them wait, the oldest since its first record.
  const writer = await natsLog(client, { stream: spec });
  cleanups.push(() => writer.close());
  for (const i of [1, 2, 3]) await writer.append([input(i), input(i + 10)]);
  const before = await position();
  expect(before).toMatchObject({
    firstSeq: 1,
    lastSeq: 3,
    newestAt: input(3).receivedAt,
    pending: 3,
    inFlight: 0,
    oldestUnackedAt: input(1).receivedAt,
  });
  expect(before.bytes).toBeGreaterThan(0);
  // Reading created nothing.
  await expect(client.jsm.consumers.info(spec.name, consumer.name)).rejects.toThrow();

  // A processor takes the first message and acknowledges it; the rest it pulled ahead are
  // in flight, the oldest of them now the one waiting.
  const reader = await natsConsumer(client, { stream: spec, consumer });
  cleanups.push(() => reader.close());
  const first = await reader.fetch(2, 2000);
  expect(first.records.map((r) => r.messageId)).toEqual(['m-1', 'm-11']);
  await first.ack();
  await expect
    .poll(() => position())
    .toMatchObject({ pending: 0, inFlight: 2, oldestUnackedAt: input(2).receivedAt });
});
