import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { natsConsumer, natsLog, openNats } from '../../src/adapters/nats/connect.js';
import { openBroker } from '../../src/cli/scale.js';
import { loadConfig } from '../../src/core/config.js';
import { InfraError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import { makeCertificates, type TestCertificates } from '../support/certs.js';
import { startPrivateNats, type NatsProbeOptions, type PrivateNats } from '../support/servers.js';
import { input, testStream } from './helpers.js';

/**
 * NATS with credentials and with TLS, on private servers started with those flags: the
 * URL's user and password (or token) get in and nothing else does, `tls://` with the CA
 * gets an encrypted connection and refuses a server without TLS, and no error names a
 * credential.
 */
const PASSWORD = 's3cr:t/p@ss';
const closers: (() => Promise<unknown>)[] = [];
let certs: TestCertificates;
afterAll(async () => {
  for (const c of closers.reverse()) await c().catch(() => undefined);
});

beforeAll(async () => {
  certs = await makeCertificates();
  closers.push(() => certs.remove());
}, 60_000);

async function server(args: string[], probe: NatsProbeOptions) {
  const s = await startPrivateNats({ args, probe });
  closers.push(() => s.close());
  return s;
}

const open = (url: string, tlsCaFile?: string) =>
  openNats(url, {
    name: 'storepulse-test',
    logger: silentLogger,
    connectTimeoutMs: 3000,
    ...(tlsCaFile ? { tlsCaFile } : {}),
  });

/** Appends and reads back one record: the connection carries JetStream both ways. */
async function roundTrip(url: string, tlsCaFile?: string): Promise<string[]> {
  const client = await open(url, tlsCaFile);
  try {
    const spec = testStream();
    const writer = await natsLog(client, { stream: spec });
    await writer.append([input(1)]);
    const consumer = await natsConsumer(client, { stream: spec });
    const d = await consumer.fetch(10, 3000);
    await d.ack();
    await consumer.close();
    await writer.close();
    return d.records.map((r) => r.messageId);
  } finally {
    await client.close();
  }
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as Error,
  );

describe('NATS with credentials and TLS', () => {
  let auth: PrivateNats;
  beforeAll(async () => {
    auth = await server(['--user', 'sp', '--pass', PASSWORD], { user: 'sp', pass: PASSWORD });
  }, 60_000);

  it('gets in with the user and password of the URL, and only with them', async () => {
    const host = `127.0.0.1:${auth.port}`;
    const encoded = encodeURIComponent(PASSWORD);
    expect(await roundTrip(`nats://sp:${encoded}@${host}`)).toEqual(['m-1']);
    for (const url of [`nats://${host}`, `nats://sp:wrong-one@${host}`]) {
      const err = await refusal(open(url));
      expect(err, url).toBeInstanceOf(InfraError);
      expect(err!.message).toMatch(
        /^cannot use NATS JetStream at nats:\/\/127\.0\.0\.1:\d+: .*auth/i,
      );
      expect(err!.message).not.toContain('wrong-one');
    }
  });

  it('gets in with a token', async () => {
    const s = await server(['--auth', 't0ken'], { token: 't0ken' });
    expect(await roundTrip(`nats://t0ken@127.0.0.1:${s.port}`)).toEqual(['m-1']);
    expect(await refusal(open(`nats://other@127.0.0.1:${s.port}`))).toBeInstanceOf(InfraError);
  });

  it('tls:// with the CA connects encrypted; without the CA, or to a server without TLS, it does not', async () => {
    const { ca } = certs;
    const s = await server(['--tls', '--tlscert', certs.cert, '--tlskey', certs.key], {
      tls: { caFile: ca },
    });
    // By the host name its certificate carries, as in production.
    const url = `tls://localhost:${s.port}`;
    expect(await roundTrip(url, ca)).toEqual(['m-1']);
    const client = await open(url, ca);
    expect(client.nc.info?.tls_required).toBe(true);
    await client.close();
    // A role's configuration carries the same: the URL and the CA file (STOREPULSE_NATS_CA).
    const config = loadConfig(
      {
        STOREPULSE_LOG: url,
        STOREPULSE_NATS_CA: ca,
      },
      { 'collector.writeKeys': 'none', 'log.stream': testStream().name },
    );
    const broker = await openBroker(config, silentLogger, 'test');
    expect(await broker.position()).toMatchObject({ lastSeq: 0, pending: 0 });
    await broker.close();
    // A self-signed chain nobody vouched for.
    expect((await refusal(open(url)))?.message).toMatch(/certificate/i);
    // tls:// refuses a server that offers no TLS (the shared one here) rather than talk in clear.
    expect((await refusal(open('tls://127.0.0.1:4222')))?.message).toMatch(/tls/i);
  });
});
