import type { NatsClient } from './connect.js';
import { decodeMessage, RECORDS_HEADER } from './message.js';

/** Where a scaled-out pipeline stands, as the broker sees it. */
export interface BrokerPosition {
  /** The stream: first and last message sequence, bytes stored. */
  firstSeq: number;
  lastSeq: number;
  bytes: number;
  /** Receive time of the newest record in the stream; null when it is empty. */
  newestAt: number | null;
  /** Messages waiting for a processor, and delivered but not acknowledged. */
  pending: number;
  inFlight: number;
  /** Receive time of the oldest message not acknowledged yet; null when all are. */
  oldestUnackedAt: number | null;
}

/**
 * Reads the stream's state and the shared consumer's: the monitor's freshness and lag
 * checks and `storepulse status` of the scale-out roles rest on it. Messages are read
 * directly by sequence; the oldest unacknowledged one is the first after the ack floor.
 */
export async function streamPosition(
  client: NatsClient,
  stream: string,
  consumer: string,
): Promise<BrokerPosition> {
  const [s, c] = await Promise.all([
    client.jsm.streams.info(stream),
    client.jsm.consumers.info(stream, consumer),
  ]);
  const lastSeq = s.state.last_seq;
  const waiting = c.num_pending + c.num_ack_pending;
  return {
    firstSeq: s.state.first_seq,
    lastSeq,
    bytes: s.state.bytes,
    newestAt: s.state.messages > 0 ? await receivedAt(client, stream, lastSeq) : null,
    pending: c.num_pending,
    inFlight: c.num_ack_pending,
    oldestUnackedAt:
      waiting > 0 ? await receivedAt(client, stream, c.ack_floor.stream_seq + 1) : null,
  };
}

/** The receive time of a stored message's first record (null when it is gone). */
async function receivedAt(client: NatsClient, stream: string, seq: number): Promise<number | null> {
  const m = await client.jsm.streams.getMessage(stream, { seq }).catch(() => null);
  if (!m) return null;
  const declared = Number(m.header?.get(RECORDS_HEADER) ?? NaN);
  const [first] = decodeMessage(seq, m.string(), Number.isFinite(declared) ? declared : null, 0);
  return first && first.receivedAt > 0 ? first.receivedAt : null;
}
