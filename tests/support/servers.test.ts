import { randomBytes } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startPrivateNats, startPrivatePostgres } from './servers.js';

const SHARED_PORTS = [4222, 5432];
const name = (prefix: string) => `${prefix}_${randomBytes(4).toString('hex')}`;

/** Runs `step`, prints how long it took: these servers' start time is part of every fault test. */
async function timed<T>(label: string, step: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await step();
  console.log(`${label}: ${(performance.now() - t0).toFixed(0)} ms`);
  return result;
}

/** Starts a server in beforeAll, timed, and closes it in afterAll. */
function privateServer<T extends { close(): Promise<void> }>(
  label: string,
  start: () => Promise<T>,
): () => T {
  let server: T | undefined;
  beforeAll(async () => {
    server = await timed(label, start);
  });
  afterAll(() => server?.close());
  return () => server!;
}

/** The data of message `seq` in `stream`, read on a fresh connection. */
async function storedMessage(url: string, stream: string, seq: number): Promise<string> {
  const nc = await connect({ servers: url, reconnect: false });
  try {
    const msg = await (await jetstreamManager(nc)).streams.getMessage(stream, { seq });
    return msg?.string() ?? '';
  } finally {
    await nc.close();
  }
}

async function publish(url: string, subject: string, data: string): Promise<void> {
  const nc = await connect({ servers: url, reconnect: false });
  try {
    await jetstream(nc).publish(subject, data);
  } finally {
    await nc.close();
  }
}

async function pgQuery(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('private NATS server', () => {
  const server = privateServer('nats first start', () => startPrivateNats());

  it('keeps JetStream messages across stop/start and kill/start, on its own port', async () => {
    const nats = server();
    expect(SHARED_PORTS).not.toContain(nats.port);
    expect(nats.url).toBe(`nats://127.0.0.1:${nats.port}`);
    const stream = name('S');
    const nc = await connect({ servers: nats.url });
    await (await jetstreamManager(nc)).streams.add({ name: stream, subjects: [`${stream}.>`] });
    await nc.close();

    await publish(nats.url, `${stream}.a`, 'one');
    await timed('nats stop', () => nats.stop());
    await expect(connect({ servers: nats.url, reconnect: false })).rejects.toThrow();
    await timed('nats restart after stop', () => nats.start());
    expect(await storedMessage(nats.url, stream, 1)).toBe('one');

    await publish(nats.url, `${stream}.b`, 'two');
    await timed('nats kill', () => nats.kill());
    await timed('nats restart after kill', () => nats.start());
    expect(await storedMessage(nats.url, stream, 1)).toBe('one');
    expect(await storedMessage(nats.url, stream, 2)).toBe('two');
  });

  it('runs without JetStream when asked', async () => {
    const nats = await startPrivateNats({ jetstream: false });
    onTestFinished(() => nats.close());
    const nc = await connect({ servers: nats.url, reconnect: false });
    await expect(jetstreamManager(nc, { timeout: 1000 })).rejects.toThrow();
    await nc.close();
  });
});

describe('private PostgreSQL server', () => {
  const postgres = privateServer('postgres first start (initdb + start)', startPrivatePostgres);

  it('keeps committed rows across kill (immediate) and stop (fast), on its own port', async () => {
    const server = postgres();
    expect(SHARED_PORTS).not.toContain(server.port);
    expect(server.url).toBe(`postgres://postgres@127.0.0.1:${server.port}/postgres`);
    const db = name('db');
    const url = await server.createDatabase(db);
    await pgQuery(url, `create table t (id int primary key); insert into t values (1)`);

    await timed('postgres kill (immediate)', () => server.kill());
    await expect(pgQuery(url, 'select 1')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await timed('postgres restart after kill (crash recovery)', () => server.start());
    expect(await pgQuery(url, 'select id from t')).toEqual([{ id: 1 }]);

    await pgQuery(url, 'insert into t values (2)');
    await timed('postgres stop (fast)', () => server.stop());
    await timed('postgres restart after stop', () => server.start());
    expect(await pgQuery(url, 'select id from t order by id')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('creates databases with UTF8 encoding and C collation', async () => {
    const server = postgres();
    const db = name('db');
    await server.createDatabase(db);
    const rows = await pgQuery(
      server.url,
      `select pg_encoding_to_char(encoding) as encoding, datcollate, datctype
       from pg_database where datname = '${db}'`,
    );
    expect(rows).toEqual([{ encoding: 'UTF8', datcollate: 'C', datctype: 'C' }]);
  });
});
