import type { Consumer, ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { LogConsumer, LogDelivery, LogRecord } from '../../core/ports.js';
import { InfraError } from '../../core/errors.js';
import { decodeMessage, RECORDS_HEADER } from './message.js';

export interface NatsConsumerOptions {
  /**
   * Bytes of messages pulled ahead of `fetch`, so a fetch finds them in hand. Their
   * ack_wait is running, so this stays a few batches' worth; at least two messages.
   */
  prefetchBytes?: number;
  /** How long `ack()` waits for the server to confirm each acknowledgement. */
  ackTimeoutMs?: number;
}

/**
 * A processor's handle on the durable pull consumer that all processors share: each
 * message goes to one of them, and comes again (to any) unless acknowledged in time.
 *
 * Messages are pulled continuously (`consume`, bounded by `prefetchBytes`) rather than by a
 * JetStream `fetch` per call: a fetch ends only when its batch is full or it expires (at
 * least 1 s), so a fetch of "what is there" would wait out its expiry every time, and a
 * fetch abandoned early leaves its pull request open on the server, where it can still
 * take a message that nobody reads and that comes back only after ack_wait. Here a fetch
 * waits for the first message and then takes what is already in hand. One fetch at a time.
 */
export class NatsConsumer implements LogConsumer {
  private readonly opts: Required<NatsConsumerOptions>;
  private messages: ConsumerMessages | null = null;
  private iterator: AsyncIterator<JsMsg> | null = null;
  /** The message asked for and not yet taken: a fetch that stopped waiting leaves it here. */
  private next: Promise<IteratorResult<JsMsg>> | null = null;
  private closed = false;

  constructor(
    private readonly consumer: Consumer,
    options: NatsConsumerOptions = {},
  ) {
    this.opts = {
      prefetchBytes: options.prefetchBytes ?? 8 * 1024 * 1024,
      ackTimeoutMs: options.ackTimeoutMs ?? 5000,
    };
  }

  async fetch(maxRecords: number, waitMs: number): Promise<LogDelivery> {
    if (this.closed) throw new InfraError('the NATS consumer is closed', false);
    const msgs: JsMsg[] = [];
    const records: LogRecord[] = [];
    const seen = new Set<number>();
    for (let m = await this.take(waitMs); m; m = await this.take(0)) {
      msgs.push(m);
      // nats-server 2.9 may hand a message that was given back (nak) over twice at once.
      if (seen.has(m.seq)) continue;
      seen.add(m.seq);
      for (const r of decode(m)) records.push(r);
      if (records.length >= maxRecords) break;
    }
    return delivery(msgs, records, this.opts.ackTimeoutMs);
  }

  async lag(): Promise<{ pending: number; inFlight: number }> {
    try {
      const info = await this.consumer.info();
      return { pending: info.num_pending, inFlight: info.num_ack_pending };
    } catch (err) {
      throw new InfraError(`NATS consumer info failed: ${(err as Error).message}`, true, {
        cause: err,
      });
    }
  }

  /**
   * Stops pulling and hands back (nak) what was pulled ahead, so others get it now. On
   * nats-server 2.9 the pull request left open on the server may still take one of them,
   * which then comes back after ack_wait.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const iterator = this.iterator;
    if (!iterator) return;
    this.messages?.stop();
    try {
      for (let r = await (this.next ?? iterator.next()); !r.done; r = await iterator.next()) {
        r.value.nak();
      }
    } catch {
      // The pull was failing anyway: what it held comes back after ack_wait.
    }
  }

  /** The next message, waiting at most `waitMs` (0: only one already in hand). */
  private async take(waitMs: number): Promise<JsMsg | null> {
    try {
      this.next ??= (await this.pull()).next();
      const result = await within(this.next, waitMs);
      if (!result) return null;
      this.next = null;
      if (result.done) throw new Error('the pull ended');
      return result.value;
    } catch (err) {
      this.reset();
      const why = `NATS consumer failed: ${(err as Error).message}`;
      throw new InfraError(why, true, { cause: err });
    }
  }

  private async pull(): Promise<AsyncIterator<JsMsg>> {
    if (this.iterator) return this.iterator;
    this.messages = await this.consumer.consume({ max_bytes: this.opts.prefetchBytes });
    this.iterator = this.messages[Symbol.asyncIterator]();
    return this.iterator;
  }

  /** Drops a pull that ended; the next fetch starts another. */
  private reset(): void {
    this.messages?.stop();
    this.messages = null;
    this.iterator = null;
    this.next = null;
  }
}

function decode(m: JsMsg): LogRecord[] {
  const declared = Number(m.headers?.get(RECORDS_HEADER) || NaN);
  const receivedAt = Number(m.info.timestampNanos / 1e6);
  return decodeMessage(m.seq, m.string(), Number.isInteger(declared) ? declared : null, receivedAt);
}

function delivery(msgs: JsMsg[], records: LogRecord[], ackTimeoutMs: number): LogDelivery {
  return {
    records,
    async ack() {
      const acks = await Promise.allSettled(msgs.map((m) => m.ackAck({ timeout: ackTimeoutMs })));
      const failed = acks.filter((a) => a.status === 'rejected' || !a.value);
      if (failed.length === 0) return;
      const cause = failed.find((a) => a.status === 'rejected')?.reason as unknown;
      const why = `${failed.length} of ${msgs.length} NATS acknowledgements not confirmed`;
      throw new InfraError(why, true, { cause });
    },
    retry(delayMs: number) {
      for (const m of msgs) m.nak(delayMs);
    },
  };
}

/** `p`'s value, or null once `ms` have passed (0: unless it is already settled). */
function within<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let cancel = () => {};
  const expiry = new Promise<null>((resolve) => {
    if (ms > 0) {
      const t = setTimeout(() => resolve(null), ms);
      cancel = () => clearTimeout(t);
    } else {
      const t = setImmediate(() => resolve(null));
      cancel = () => clearImmediate(t);
    }
  });
  return Promise.race([p, expiry]).finally(cancel);
}
