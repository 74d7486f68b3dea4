import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type ConsumerInfo,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { ConfigError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';

/** The log's stream: bronze, so it keeps history for `maxAgeMs` like the file log's retention. */
export interface StreamSpec {
  name: string;
  subjects: string[];
  storage: 'file' | 'memory';
  maxAgeMs: number;
  /** -1: no limit. With `discard: new`, a full stream refuses publishes (the collector's 503). */
  maxBytes: number;
  maxMsgSize: number;
  /** How long the broker remembers a `Nats-Msg-Id`: a repeated publish within it is dropped. */
  duplicateWindowMs: number;
  /** 1 on one server; 3 on a three-node cluster. */
  replicas: number;
}

/** The durable pull consumer all processors share. */
export interface ConsumerSpec {
  name: string;
  /** A delivery not acknowledged in this time comes again, possibly to another processor. */
  ackWaitMs: number;
  /** Messages delivered and not yet acknowledged, across all processors. */
  maxAckPending: number;
}

const DAY_MS = 86_400_000;

export function streamSpec(overrides: Partial<StreamSpec> = {}): StreamSpec {
  return {
    name: 'STOREPULSE',
    subjects: ['storepulse.events'],
    storage: 'file',
    maxAgeMs: 30 * DAY_MS,
    maxBytes: -1,
    maxMsgSize: 1024 * 1024,
    duplicateWindowMs: 120_000,
    replicas: 1,
    ...overrides,
  };
}

export function consumerSpec(overrides: Partial<ConsumerSpec> = {}): ConsumerSpec {
  return { name: 'storepulse-processor', ackWaitMs: 30_000, maxAckPending: 20_000, ...overrides };
}

/**
 * Never drop a message: `discard: new` refuses publishes when the stream is full instead
 * of deleting unprocessed history, and limits retention keeps messages after their ack
 * (the stream is the bronze history, not a queue).
 */
function streamConfig(s: StreamSpec): Partial<StreamConfig> & { name: string } {
  return {
    name: s.name,
    subjects: s.subjects,
    storage: s.storage === 'file' ? StorageType.File : StorageType.Memory,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.New,
    max_age: nanos(s.maxAgeMs),
    max_bytes: s.maxBytes,
    max_msg_size: s.maxMsgSize,
    duplicate_window: nanos(s.duplicateWindowMs),
    num_replicas: s.replicas,
  };
}

/** Redelivered forever (`max_deliver: -1`): poison handling is the processor's job. */
function consumerConfig(c: ConsumerSpec): Partial<ConsumerConfig> & { durable_name: string } {
  return {
    durable_name: c.name,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(c.ackWaitMs),
    max_deliver: -1,
    max_ack_pending: c.maxAckPending,
  };
}

const STREAM_FIXED = ['storage', 'retention', 'subjects'] as const;
const STREAM_UPDATABLE = [
  'discard',
  'max_age',
  'max_bytes',
  'max_msg_size',
  'duplicate_window',
  'num_replicas',
] as const;
const CONSUMER_FIXED = ['ack_policy', 'deliver_policy'] as const;
const CONSUMER_UPDATABLE = ['ack_wait', 'max_deliver', 'max_ack_pending'] as const;

/**
 * Creates the stream, or checks the one there: a setting the server cannot change (or
 * that would strand publishers, like the subjects) is a ConfigError naming each
 * difference; the others are updated and logged.
 */
export async function ensureStream(
  jsm: JetStreamManager,
  spec: StreamSpec,
  logger: Logger,
): Promise<StreamInfo> {
  const wanted = streamConfig(spec);
  const current = await missingAsNull(() => jsm.streams.info(spec.name));
  if (!current) return jsm.streams.add(wanted);
  const changes = compare(
    `stream ${spec.name}`,
    current.config,
    wanted,
    STREAM_FIXED,
    STREAM_UPDATABLE,
  );
  if (changes.length === 0) return current;
  logger.warn({ stream: spec.name, changes }, 'nats stream settings updated');
  return jsm.streams.update(spec.name, { ...current.config, ...wanted });
}

/** The same for the shared durable consumer of `stream`. */
export async function ensureConsumer(
  jsm: JetStreamManager,
  stream: string,
  spec: ConsumerSpec,
  logger: Logger,
): Promise<ConsumerInfo> {
  const wanted = consumerConfig(spec);
  const current = await missingAsNull(() => jsm.consumers.info(stream, spec.name));
  if (!current) return jsm.consumers.add(stream, wanted);
  const what = `consumer ${stream}/${spec.name}`;
  const changes = compare(what, current.config, wanted, CONSUMER_FIXED, CONSUMER_UPDATABLE);
  if (changes.length === 0) return current;
  logger.warn({ stream, consumer: spec.name, changes }, 'nats consumer settings updated');
  const { ack_wait, max_deliver, max_ack_pending } = wanted;
  return jsm.consumers.update(stream, spec.name, { ack_wait, max_deliver, max_ack_pending });
}

/** A JetStream info call, or null when its stream or consumer does not exist (yet). */
export async function missingAsNull<T>(info: () => Promise<T>): Promise<T | null> {
  try {
    return await info();
  } catch (err) {
    const missing = [JetStreamApiCodes.StreamNotFound, JetStreamApiCodes.ConsumerNotFound];
    if (err instanceof JetStreamApiError && (missing as number[]).includes(err.code)) return null;
    throw err;
  }
}

/** The updatable differences; throws on any fixed one. */
function compare<T extends object>(
  what: string,
  current: T,
  wanted: Partial<T>,
  fixed: readonly (keyof T & string)[],
  updatable: readonly (keyof T & string)[],
): string[] {
  const show = (v: unknown) => JSON.stringify(Array.isArray(v) ? [...(v as string[])].sort() : v);
  const differ = (keys: readonly (keyof T & string)[]) =>
    keys
      .filter((k) => show(current[k]) !== show(wanted[k]))
      .map((k) => `${k} is ${show(current[k])}, wanted ${show(wanted[k])}`);
  const refused = differ(fixed);
  if (refused.length > 0) {
    throw new ConfigError(refused.map((d) => `${what}: ${d} (cannot be changed in place)`));
  }
  return differ(updatable);
}
