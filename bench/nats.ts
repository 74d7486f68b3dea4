import { randomBytes } from 'node:crypto';
import type { LogInput } from '../src/core/ports.js';
import { silentLogger } from '../src/core/logger.js';
import { natsConsumer, natsLog, openNats } from '../src/adapters/nats/connect.js';
import { streamSpec } from '../src/adapters/nats/stream.js';

/**
 * The NATS JetStream log's throughput on a stream of its own (file storage, deleted after):
 * 8 concurrent appenders publish 500,000 records of about 300 bytes in appends of 500
 * (group commit packs them into messages of up to 900 KiB), then one consumer fetches and
 * acknowledges them all. Usage: node dist/bench/nats.js [nats://host:port]
 */
const url = process.argv[2] ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const TOTAL = 500_000;
const APPENDERS = 8;
const PER_APPEND = 500;

const hex = randomBytes(6).toString('hex');
const spec = streamSpec({ name: `sp_bench_${hex}`, subjects: [`sp.bench.${hex}`] });
const client = await openNats(url, { name: 'storepulse-bench', logger: silentLogger });

/** A Segment-style track event: its log line is about 300 bytes. */
function record(i: number): LogInput {
  const event = {
    type: 'track',
    event: 'product_viewed',
    messageId: `bench-${i}`,
    anonymousId: `anon-${i % 5000}`,
    timestamp: '2024-05-01T12:00:00.000Z',
    properties: { product_id: `p-${i % 997}`, price: '19.9900', currency: 'EUR' },
  };
  return {
    receivedAt: 1_714_564_800_000 + i,
    writeKeyId: 'shop1',
    requestId: `req-${Math.floor(i / PER_APPEND)}`,
    source: 'http',
    messageId: event.messageId,
    kind: 'event',
    payload: JSON.stringify(event),
  };
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

try {
  const writer = await natsLog(client, { stream: spec });
  const latencies: number[] = [];
  let next = 0;
  const appender = async () => {
    while (next < TOTAL) {
      const from = next;
      next += PER_APPEND;
      const batch = Array.from({ length: PER_APPEND }, (_, k) => record(from + k));
      const t0 = performance.now();
      await writer.append(batch);
      latencies.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: APPENDERS }, appender));
  const appendSeconds = seconds(t0);
  const stats = writer.stats();
  await writer.close();
  const { state } = await client.jsm.streams.info(spec.name);

  const consumer = await natsConsumer(client, { stream: spec });
  const t1 = performance.now();
  let read = 0;
  let deliveries = 0;
  while (read < TOTAL) {
    const d = await consumer.fetch(20_000, 2000);
    if (d.records.length === 0) throw new Error(`only ${read} of ${TOTAL} records came back`);
    read += d.records.length;
    deliveries += 1;
    await d.ack();
  }
  const consumeSeconds = seconds(t1);
  const lag = await consumer.lag();
  await consumer.close();

  latencies.sort((a, b) => a - b);
  const lineBytes = Math.round(state.bytes / TOTAL);
  console.log(`NATS JetStream log at ${url} (server ${client.nc.info?.version}), file storage`);
  console.log(
    `append: ${TOTAL} records (~${lineBytes} B stored each) from ${APPENDERS} appenders of ${PER_APPEND}: ` +
      `${Math.round(TOTAL / appendSeconds)} records/s, ${appendSeconds.toFixed(2)} s`,
  );
  console.log(
    `  ${stats.appends} appends in ${state.messages} messages (publishes ${stats.syncs}), ` +
      `${Math.round(state.bytes / state.messages / 1024)} KiB a message; append latency ` +
      `p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms`,
  );
  console.log(
    `fetch+ack: ${read} records in ${deliveries} deliveries: ` +
      `${Math.round(read / consumeSeconds)} records/s, ${consumeSeconds.toFixed(2)} s; ` +
      `lag after: ${lag.pending} pending, ${lag.inFlight} in flight`,
  );
} finally {
  await client.jsm.streams.delete(spec.name).catch(() => false);
  await client.close();
}
