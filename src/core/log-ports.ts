import type { QuarantineReason } from './reasons.js';

/** What the collector hands to the log: one accepted event, kept verbatim. */
export interface LogInput {
  /** Receive time, UTC epoch milliseconds. */
  receivedAt: number;
  writeKeyId: string;
  requestId: string;
  /** Where it came from: `http`, `import`, ... */
  source: string;
  /** The event's messageId, or one the collector generated when it had none. */
  messageId: string;
  /** The batch-level `sentAt`, when the event carries none of its own. */
  sentAt?: string | undefined;
  /**
   * `event`: `payload` is the event's JSON text. `raw`: the collector could not take the
   * payload apart (`reason` says why) and `payload` is its raw text, size-capped.
   */
  kind: 'event' | 'raw';
  reason?: QuarantineReason | undefined;
  payload: string;
  /**
   * The payload already parsed, when the record never left this process's memory: the
   * collector parsed it, so the processor need not parse it again. Never persisted; a
   * record read back from storage has none. Readers must not mutate it.
   */
  parsed?: object | undefined;
}

export interface LogRecord extends LogInput {
  /** Ingest sequence: strictly increasing, never reused. */
  seq: number;
}

export interface LogStats {
  firstSeq: number;
  lastSeq: number;
  bytes: number;
  /** Bytes accepted but not yet durable: the collector's back-pressure signal. */
  pendingBytes: number;
  /** Appends made and syncs done: group commit makes the second much smaller. */
  appends: number;
  syncs: number;
}

/** What retention removed from the log. */
export interface LogPruned {
  segments: number;
  records: number;
  bytes: number;
}

/** Reading the log by sequence: what a processor needs. */
export interface LogReader {
  /** Up to `max` durable records with seq > afterSeq, in order (none retention removed). */
  read(afterSeq: number, max: number): Promise<LogRecord[]>;
  /** Resolves when a record after `afterSeq` is durable, or after `timeoutMs`. */
  waitFor(afterSeq: number, timeoutMs: number): Promise<void>;
  /** The last durable sequence number. */
  lastSeq(): number;
}

/**
 * Where an append's records went: increasing sequence numbers, consecutive in the file log;
 * a broker log numbers records within each message, so one append split over several
 * messages has gaps.
 */
export interface Appended {
  firstSeq: number;
  lastSeq: number;
  /** Each record's seq, in the order given. */
  seqs: number[];
}

/** Writing to the log: what a collector needs. */
export interface LogWriter {
  /**
   * Resolves once every record is durable (the file log's sync, or the broker's publish
   * acknowledgement), with each record's sequence number.
   */
  append(records: LogInput[]): Promise<Appended>;
  stats(): LogStats;
  close(): Promise<void>;
}

/**
 * One delivery from a log consumer that many processors share (NATS JetStream): records
 * in log order within each message, acknowledged only after their commit. A delivery not
 * acknowledged in time comes again, possibly to another processor, so the warehouse must
 * find records it already holds (`SilverBatch.atLeastOnce`).
 */
export interface LogDelivery {
  records: LogRecord[];
  /** The commit holds them: the log will not deliver them again. */
  ack(): Promise<void>;
  /** The commit failed: deliver them again (to any processor) after `delayMs`. */
  retry(delayMs: number): void;
}

/** A shared, durable consumer of the log. */
export interface LogConsumer {
  /**
   * Up to about `maxRecords` records (whole messages), waiting at most `waitMs` for the
   * first; an empty delivery when none came.
   */
  fetch(maxRecords: number, waitMs: number): Promise<LogDelivery>;
  /**
   * Log messages (each holding one or more records) not yet acknowledged: waiting for a
   * processor, and delivered but unacknowledged.
   */
  lag(): Promise<{ pending: number; inFlight: number }>;
  close(): Promise<void>;
}

/** The log (bronze): durable, append-only, read by sequence. */
export interface EventLog extends LogReader, LogWriter {
  /**
   * Retention: removes the oldest records that arrived before `beforeMs` and have seq <=
   * `upToSeq` (the lowest consumer checkpoint: an unprocessed record always stays), in the
   * log's own units (whole segments), so `stats().firstSeq` moves up.
   */
  pruneBefore(opts: { beforeMs: number; upToSeq: number }): Promise<LogPruned>;
}
