import type { NatsClient } from './connect.js';
import { decodeMessage, RECORDS_HEADER } from './message.js';
import { missingAsNull } from './stream.js';

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
 * Before any collector or processor has run, the stream or the consumer may not exist:
 * nothing stored, or everything stored still waiting (this reader creates neither).
 */
export async function streamPosition(
  client: NatsClient,
  stream: string,
  consumer: string,
): Promise<BrokerPosition> {
  const [s, c] = await Promise.all([
    missingAsNull(() => client.jsm.streams.info(stream)),
    missingAsNull(() => client.jsm.consumers.info(stream, consumer)),
  ]);
  if (!s) return { ...EMPTY };
  const { first_seq: firstSeq, last_seq: lastSeq, messages } = s.state;
  const pending = c ? c.num_pending : messages;
  const inFlight = c ? c.num_ack_pending : 0;
  const oldestUnacked = c ? c.ack_floor.stream_seq + 1 : firstSeq;
  return {
    firstSeq,
    lastSeq,
    bytes: s.state.bytes,
    newestAt: messages > 0 ? await receivedAt(client, stream, lastSeq) : null,
    pending,
    inFlight,
    oldestUnackedAt:
      pending + inFlight > 0 ? await receivedAt(client, stream, oldestUnacked) : null,
  };
}

const EMPTY: BrokerPosition = {
  firstSeq: 0,
  lastSeq: 0,
  bytes: 0,
  newestAt: null,
  pending: 0,
  inFlight: 0,
  oldestUnackedAt: null,
};

/** The receive time of a stored message's first record (null when it is gone). */
async function receivedAt(client: NatsClient, stream: string, seq: number): Promise<number | null> {
  const m = await client.jsm.streams.getMessage(stream, { seq }).catch(() => null);
  if (!m) return null;
  const declared = Number(m.header?.get(RECORDS_HEADER) ?? NaN);
  const [first] = decodeMessage(seq, m.string(), Number.isFinite(declared) ? declared : null, 0);
  return first && first.receivedAt > 0 ? first.receivedAt : null;
}
