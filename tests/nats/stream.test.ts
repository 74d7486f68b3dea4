import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import type { NatsClient } from '../../src/adapters/nats/connect.js';
import { consumerSpec, ensureConsumer, ensureStream } from '../../src/adapters/nats/stream.js';
import { dropStream, testClient, testStream } from './helpers.js';

let client: NatsClient | null = null;
const streams: string[] = [];
afterEach(async () => {
  for (const name of streams.splice(0)) await dropStream(client!, name);
  await client?.close();
  client = null;
});

async function fresh() {
  client = await testClient();
  const spec = testStream();
  streams.push(spec.name);
  return { jsm: client.jsm, spec };
}

describe('ensureStream / ensureConsumer', () => {
  it('creates the stream as specified, and a second call changes nothing', async () => {
    const { jsm, spec } = await fresh();
    const created = await ensureStream(jsm, spec, silentLogger);
    expect(created.config).toMatchObject({
      subjects: spec.subjects,
      storage: 'file',
      retention: 'limits',
      discard: 'new',
      max_age: 30 * 86_400 * 1e9,
      max_bytes: -1,
      max_msg_size: 1024 * 1024,
      duplicate_window: 120 * 1e9,
      num_replicas: 1,
    });
    const again = await ensureStream(jsm, spec, silentLogger);
    expect(again.config).toEqual(created.config);
    expect(again.created).toBe(created.created);
  });

  it('refuses settings that cannot change in place, naming each', async () => {
    const { jsm, spec } = await fresh();
    await ensureStream(jsm, spec, silentLogger);
    const changed = {
      ...spec,
      storage: 'memory' as const,
      subjects: [`${spec.subjects[0]}.other`],
    };
    const err = await ensureStream(jsm, changed, silentLogger).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toMatch(/storage is "file", wanted "memory"/);
    expect(problems).toMatch(/subjects/);
    expect((await jsm.streams.info(spec.name)).config.storage).toBe('file');
  });

  it('updates settings that can change (max_age, max_bytes)', async () => {
    const { jsm, spec } = await fresh();
    await ensureStream(jsm, spec, silentLogger);
    await ensureStream(jsm, { ...spec, maxAgeMs: 3_600_000, maxBytes: 1 << 30 }, silentLogger);
    const { config } = await jsm.streams.info(spec.name);
    expect(config).toMatchObject({ max_age: 3_600_000 * 1e6, max_bytes: 1 << 30, storage: 'file' });
  });

  it('creates the shared durable consumer and updates its ack wait', async () => {
    const { jsm, spec } = await fresh();
    await ensureStream(jsm, spec, silentLogger);
    const c = consumerSpec();
    const created = await ensureConsumer(jsm, spec.name, c, silentLogger);
    expect(created.config).toMatchObject({
      durable_name: 'storepulse-processor',
      ack_policy: 'explicit',
      deliver_policy: 'all',
      ack_wait: 30e9,
      max_deliver: -1,
      max_ack_pending: 20_000,
    });
    expect((await ensureConsumer(jsm, spec.name, c, silentLogger)).created).toBe(created.created);
    await ensureConsumer(jsm, spec.name, { ...c, ackWaitMs: 10_000 }, silentLogger);
    expect((await jsm.consumers.info(spec.name, c.name)).config.ack_wait).toBe(10e9);
  });
});
