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
}

/** `nats://host:port[,host:port...]` (a cluster: any server will do) as a server list. */
export function natsServers(url: string): string[] {
  const servers = url
    .split(',')
    .map((s) => s.trim().replace(/^nats:\/\//, ''))
    .filter((s) => s !== '');
  const bad = servers.filter((s) => !/^[\w.-]+:\d+$/.test(s) && !/^\[[\da-f:]+\]:\d+$/i.test(s));
  if (servers.length === 0 || bad.length > 0) {
    throw new ConfigError([`NATS url '${url}' is not nats://host:port[,host:port]`]);
  }
  return servers;
}

/**
 * Connects to NATS and keeps the connection: it reconnects forever (a collector or
 * processor outlives a broker restart), and every change of state is logged and tracked
 * in `link` so writers can fail fast while it is down. A server that cannot be reached at
 * start, or has no JetStream, is a retriable InfraError.
 */
export async function openNats(url: string, opts: NatsConnectOptions): Promise<NatsClient> {
  const servers = natsServers(url);
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  try {
    nc = await connect({
      servers,
      name: opts.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: opts.reconnectWaitMs ?? 1000,
      timeout: opts.connectTimeoutMs ?? 5000,
    });
    jsm = await jetstreamManager(nc).catch(async (err: unknown) => {
      await nc.close();
      throw err;
    });
  } catch (err) {
    const why = `cannot use NATS JetStream at ${url}: ${(err as Error).message}`;
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
