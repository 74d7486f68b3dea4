import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { ConfigError, InfraError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { Link } from './link.js';
import { NatsLog, type NatsLogOptions } from './log.js';
import { NatsConsumer, type NatsConsumerOptions } from './consumer.js';
import {
  consumerSpec,
  ensureConsumer,
  ensureStream,
  streamSpec,
  type ConsumerSpec,
  type StreamSpec,
} from './stream.js';

/** One connection to NATS with its JetStream handles, shared by a process's writers and consumers. */
export interface NatsClient {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  link: Link;
  logger: Logger;
  /** Drains (what was published is flushed, subscriptions end) and closes. */
  close(): Promise<void>;
}

export interface NatsConnectOptions {
  /** Shown by the server's monitoring: which role and process this is. */
  name: string;
  logger: Logger;
  /** The wait between reconnect attempts; they go on forever. */
  reconnectWaitMs?: number;
  connectTimeoutMs?: number;
  /** A CA certificate (PEM file) that signed the servers' certificates; implies TLS. */
  tlsCaFile?: string;
}

/** Where to connect and as whom, parsed from a storepulse NATS URL. */
export interface NatsTarget {
  servers: string[];
  user?: string;
  pass?: string;
  token?: string;
  /** `tls://`: the connection must be encrypted (refused by a server without TLS). */
  tls: boolean;
  /** The URL without its credentials, for messages and logs. */
  shown: string;
}

/**
 * `nats://host:port[,host:port...]` (a cluster: any server will do), with credentials as
 * `nats://user:password@…` or `nats://token@…` (percent-encoded) and `tls://` to require
 * TLS. The credentials of a cluster are one set; `shown` never holds them.
 */
export function natsTarget(url: string): NatsTarget {
  const parts = url
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const scheme = /^(nats|tls):\/\//.exec(parts[0] ?? '')?.[1];
  const wrong = () =>
    new ConfigError([`NATS url '${redact(url)}' is not nats://host:port[,host:port] (or tls://)`]);
  if (!scheme) throw wrong();
  const target: NatsTarget = { servers: [], tls: scheme === 'tls', shown: '' };
  for (const part of parts) {
    const u = parseUrl(/^\w+:\/\//.test(part) ? part : `${scheme}://${part}`);
    const server = u && `${u.hostname}:${u.port}`;
    if (!u || u.protocol !== `${scheme}:` || !validServer(server!) || u.pathname !== '')
      throw wrong();
    target.servers.push(server!);
    const user = decodeURIComponent(u.username);
    const pass = decodeURIComponent(u.password);
    if (pass) Object.assign(target, { user, pass });
    else if (user) target.token = user;
  }
  target.shown = `${scheme}://${target.servers.join(',')}`;
  return target;
}

const parseUrl = (s: string): URL | null => {
  try {
    return new URL(s);
  } catch {
    return null;
  }
};
const validServer = (s: string) => /^[\w.-]+:\d+$/.test(s) || /^\[[\da-f:]+\]:\d+$/i.test(s);
/** A URL as it may be shown: user info (a password or a token) replaced. */
const redact = (url: string) => url.replace(/\/\/[^/@,]*@/g, '//***@');

/**
 * Connects to NATS and keeps the connection: it reconnects forever (a collector or
 * processor outlives a broker restart), and every change of state is logged and tracked
 * in `link` so writers can fail fast while it is down. A server that cannot be reached at
 * start, refuses the credentials or the TLS handshake, or has no JetStream, is a retriable
 * InfraError (naming the servers, never the credentials).
 */
export async function openNats(url: string, opts: NatsConnectOptions): Promise<NatsClient> {
  const { servers, user, pass, token, tls, shown } = natsTarget(url);
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  try {
    nc = await connect({
      servers,
      name: opts.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: opts.reconnectWaitMs ?? 1000,
      timeout: opts.connectTimeoutMs ?? 5000,
      ...(user !== undefined ? { user, pass } : {}),
      ...(token !== undefined ? { token } : {}),
      ...(tls || opts.tlsCaFile ? { tls: opts.tlsCaFile ? { caFile: opts.tlsCaFile } : {} } : {}),
    });
    jsm = await jetstreamManager(nc).catch(async (err: unknown) => {
      await nc.close();
      throw err;
    });
  } catch (err) {
    const why = `cannot use NATS JetStream at ${shown}: ${(err as Error).message}`;
    throw new InfraError(why, true, { cause: err });
  }
  const link = new Link();
  void watch(nc, link, opts.logger);
  return { nc, js: jetstream(nc), jsm, link, logger: opts.logger, close: () => drain(nc) };
}

async function watch(nc: NatsConnection, link: Link, logger: Logger): Promise<void> {
  for await (const s of nc.status()) {
    switch (s.type) {
      case 'disconnect':
        link.down('disconnected');
        logger.warn({ server: s.server }, 'nats disconnected');
        break;
      case 'reconnect':
        link.restored();
        logger.info({ server: s.server }, 'nats reconnected');
        break;
      case 'error':
        logger.error({ err: s.error }, 'nats connection error');
        break;
      case 'ldm':
        logger.warn({ server: s.server }, 'nats server is entering lame duck mode');
        break;
      case 'slowConsumer':
        logger.warn({ subject: s.sub.getSubject(), pending: s.pending }, 'nats slow consumer');
        break;
      default:
    }
  }
  link.down('closed');
}

/**
 * Drains, but never hangs a shutdown on a broker that is gone; the timer is cleared once the
 * drain is done, or it would keep a finished process (a CLI command) alive for its length.
 */
async function drain(nc: NatsConnection, timeoutMs = 5000): Promise<void> {
  if (nc.isClosed()) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  try {
    await Promise.race([nc.drain().catch(() => {}), timeout]);
  } finally {
    clearTimeout(timer);
  }
  if (!nc.isClosed()) await nc.close();
}

/** What a caller of `natsLog` may set: the stream's own facts come from its spec. */
export type WriterOptions = Omit<NatsLogOptions, 'stream' | 'subject' | 'streamMaxMsgSize'>;

/** The log's writer: ensures the stream (`streamSpec` defaults) and returns a NatsLog. */
export async function natsLog(
  client: NatsClient,
  opts: { stream?: Partial<StreamSpec>; log?: WriterOptions } = {},
): Promise<NatsLog> {
  const spec = streamSpec(opts.stream);
  await ensureStream(client.jsm, spec, client.logger);
  return new NatsLog(client, {
    ...opts.log,
    stream: spec.name,
    subject: spec.subjects[0]!,
    streamMaxMsgSize: spec.maxMsgSize,
  });
}

/** A processor's consumer: ensures the stream and the shared durable consumer. */
export async function natsConsumer(
  client: NatsClient,
  opts: {
    stream?: Partial<StreamSpec>;
    consumer?: Partial<ConsumerSpec>;
    fetch?: NatsConsumerOptions;
  } = {},
): Promise<NatsConsumer> {
  const stream = streamSpec(opts.stream);
  const spec = consumerSpec(opts.consumer);
  await ensureStream(client.jsm, stream, client.logger);
  await ensureConsumer(client.jsm, stream.name, spec, client.logger);
  const consumer = await client.js.consumers.get(stream.name, spec.name);
  return new NatsConsumer(consumer, opts.fetch);
}
