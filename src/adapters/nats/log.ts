import { headers, nuid } from '@nats-io/transport-node';
import type { PubAck } from '@nats-io/jetstream';
import type { Appended, LogInput, LogStats, LogWriter } from '../../core/ports.js';
import { ConfigError, InfraError } from '../../core/errors.js';
import { encodeRecordBody } from '../../core/log-codec.js';
import type { NatsClient } from './connect.js';
import { RECORDS_HEADER, recordSeq } from './message.js';
import { OFFSET_ROOM, pack, PendingAppend, type Packed } from './pack.js';

export interface NatsLogOptions {
  /** The stream `subject` belongs to: its state gives the stats. */
  stream: string;
  subject: string;
  /** The stream's max_msg_size (-1: none): a message must fit it as well as max_payload. */
  streamMaxMsgSize?: number;
  /** Records are grouped into messages up to this size (below the server's max_payload). */
  maxMessageBytes?: number;
  /** Publishes awaiting their acknowledgement at once. */
  maxInFlight?: number;
  /** Per attempt; a publish that times out or finds no responder is tried again once. */
  publishTimeoutMs?: number;
  publishAttempts?: number;
  /** How often the stream's first/last seq and size are read for `stats()`. */
  statsIntervalMs?: number;
}

const DEFAULTS = {
  maxMessageBytes: 900 * 1024,
  maxInFlight: 4,
  publishTimeoutMs: 3000,
  publishAttempts: 2,
  statsIntervalMs: 5000,
  streamMaxMsgSize: -1,
};

/** Room left in a message for its headers (the message id and the record count). */
const HEADER_ROOM = 4096;

/**
 * The log's writer on NATS JetStream: what collectors use to make an event durable.
 * Appends are group-committed: those that arrive while publishes are in flight are packed
 * together into messages of many records (see message.ts for how records are numbered),
 * and up to `maxInFlight` messages await their acknowledgement at once. An append
 * resolves only after the broker acknowledged every message holding its records, and is
 * rejected with a retriable InfraError (the collector's 503) when any publish fails; each
 * message has its own `Nats-Msg-Id`, kept over the client's retry, so a publish that
 * reached the broker twice is stored once.
 */
export class NatsLog implements LogWriter {
  private readonly opts: Required<NatsLogOptions>;
  private readonly queue: PendingAppend[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private scheduled = false;
  private closed = false;
  private counts = { pendingBytes: 0, appends: 0, syncs: 0, lastSeq: 0 };
  private stream = { firstSeq: 0, lastSeq: 0, bytes: 0 };
  private readonly timer: NodeJS.Timeout;
  private refreshing = false;

  constructor(
    private readonly client: NatsClient,
    options: NatsLogOptions,
  ) {
    const given = Object.entries(options).filter(([, v]) => v !== undefined);
    this.opts = { ...DEFAULTS, ...(Object.fromEntries(given) as NatsLogOptions) };
    this.checkLimits(client.nc.info?.max_payload ?? 0);
    this.timer = setInterval(() => void this.refresh(), this.opts.statsIntervalMs);
    this.timer.unref();
    void this.refresh();
  }

  /** Refuses to start when the server or the stream takes smaller messages than we write. */
  private checkLimits(maxPayload: number): void {
    const needed = this.opts.maxMessageBytes + HEADER_ROOM;
    const limits = {
      'NATS max_payload': maxPayload,
      'stream max_msg_size': this.opts.streamMaxMsgSize,
    };
    const small = Object.entries(limits).filter(([, limit]) => limit >= 0 && limit < needed);
    if (small.length === 0) return;
    throw new ConfigError(
      small.map(([what, limit]) => `${what} is ${limit} bytes: log messages need ${needed}`),
    );
  }

  append(inputs: LogInput[]): Promise<Appended> {
    if (this.closed) return Promise.reject(new InfraError('the NATS log is closed', true));
    if (inputs.length === 0) return Promise.resolve({ firstSeq: 0, lastSeq: 0, seqs: [] });
    if (!this.client.link.isUp()) {
      return Promise.reject(new InfraError('NATS connection is down', true));
    }
    const bodies = inputs.map(encodeRecordBody);
    const sizes = bodies.map((b) => Buffer.byteLength(b) + OFFSET_ROOM);
    const largest = sizes.reduce((a, b) => Math.max(a, b), 0);
    if (largest > this.opts.maxMessageBytes) {
      const why = `a log record of ${largest} bytes does not fit in one message (${this.opts.maxMessageBytes})`;
      return Promise.reject(new InfraError(why, false));
    }
    return new Promise((resolve, reject) => {
      const release = (bytes: number) => (this.counts.pendingBytes -= bytes);
      const pending = new PendingAppend(bodies, sizes, release, resolve, reject);
      this.queue.push(pending);
      this.counts.pendingBytes += pending.bytes;
      this.counts.appends += 1;
      this.schedule();
    });
  }

  stats(): LogStats {
    const { pendingBytes, appends, syncs, lastSeq } = this.counts;
    return {
      ...this.stream,
      lastSeq: Math.max(this.stream.lastSeq, lastSeq),
      pendingBytes,
      appends,
      syncs,
    };
  }

  /** Publishes what is queued and waits for every acknowledgement (or failure). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    while (this.queue.length > 0 || this.inFlight.size > 0) {
      this.pump();
      await Promise.allSettled(this.inFlight);
    }
  }

  /** Appends made in the same turn of the event loop share a message. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight.size < this.opts.maxInFlight && this.queue.length > 0) {
      const message = pack(this.queue, this.opts.maxMessageBytes);
      if (message.count === 0) continue;
      const done: Promise<void> = this.publish(message).finally(() => {
        this.inFlight.delete(done);
        this.pump();
      });
      this.inFlight.add(done);
    }
  }

  private async publish(message: Packed): Promise<void> {
    const h = headers();
    h.set(RECORDS_HEADER, String(message.count));
    const options = {
      msgID: nuid.next(),
      headers: h,
      timeout: this.opts.publishTimeoutMs,
      retries: this.opts.publishAttempts,
    };
    let ack: PubAck;
    try {
      // While the connection is down the client would buffer the message and wait out the
      // timeout: fail at once, and publish nothing that would land after the failure.
      const link = this.client.link;
      if (!link.isUp()) await link.whenLost();
      const published = this.client.js.publish(this.opts.subject, message.text, options);
      ack = await Promise.race([published, link.whenLost()]);
    } catch (err) {
      const failure = asInfra(err);
      for (const part of message.parts) part.append.failed(failure);
      return;
    }
    this.counts.syncs += 1;
    this.counts.lastSeq = Math.max(this.counts.lastSeq, recordSeq(ack.seq, message.count - 1));
    for (const part of message.parts) part.append.acked(part, ack.seq);
  }

  private async refresh(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      const { state } = await this.client.jsm.streams.info(this.opts.stream);
      const known = state.messages > 0;
      this.stream = {
        firstSeq: known ? recordSeq(state.first_seq, 0) : 0,
        lastSeq: known ? recordSeq(state.last_seq, 0) : 0,
        bytes: state.bytes,
      };
    } catch (err) {
      this.client.logger.debug({ err, stream: this.opts.stream }, 'nats stream state unknown');
    } finally {
      this.refreshing = false;
    }
  }
}

function asInfra(err: unknown): InfraError {
  if (err instanceof InfraError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new InfraError(`NATS publish failed: ${message}`, true, { cause: err });
}
