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

/** The log (bronze): durable, append-only, read by sequence. */
export interface EventLog extends LogReader {
  /** Resolves once every record is durable; the records get consecutive sequence numbers. */
  append(records: LogInput[]): Promise<{ firstSeq: number; lastSeq: number }>;
  /**
   * Retention: removes the oldest records that arrived before `beforeMs` and have seq <=
   * `upToSeq` (the lowest consumer checkpoint: an unprocessed record always stays), in the
   * log's own units (whole segments), so `stats().firstSeq` moves up.
   */
  pruneBefore(opts: { beforeMs: number; upToSeq: number }): Promise<LogPruned>;
  stats(): LogStats;
  close(): Promise<void>;
}

export interface SilverEvent {
  seq: number;
  message_id: string;
  type: 'track' | 'page' | 'identify';
  event_type: string;
  user_id: string | null;
  anonymous_id: string | null;
  user_key: string;
  event_at: string;
  received_at: string;
  sent_at: string | null;
  original_at: string | null;
  client_session_id: string | null;
  page_url: string | null;
  page_path: string | null;
  page_referrer: string | null;
  page_title: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  device_type: string;
  browser: string | null;
  os: string | null;
  is_bot: boolean;
  locale: string | null;
  timezone: string | null;
  country: string | null;
  ip: string | null;
  product_id: string | null;
  product_name: string | null;
  category: string | null;
  brand: string | null;
  price: string | null;
  quantity: number | null;
  order_id: string | null;
  currency: string | null;
  search_query: string | null;
  properties: string | null;
  write_key_id: string;
  request_id: string;
  source: string;
}

export interface SilverOrder {
  order_id: string;
  seq: number;
  message_id: string;
  user_id: string | null;
  anonymous_id: string | null;
  user_key: string;
  ordered_at: string;
  currency: string;
  revenue: string;
  non_product_revenue: string;
  tax: string;
  shipping: string;
  discount: string;
  total: string;
  payment_method: string | null;
  line_count: number;
  units: number;
}

export interface SilverOrderLine {
  order_id: string;
  line_no: number;
  seq: number;
  product_id: string;
  sku: string | null;
  name: string | null;
  category: string | null;
  brand: string | null;
  line_type: string;
  price: string;
  quantity: number;
  line_revenue: string;
}

export interface SilverRefund {
  seq: number;
  message_id: string;
  order_id: string;
  kind: 'refund' | 'cancel';
  refunded_at: string;
  /** Product revenue refunded: the refunded lines; null means the whole order's revenue. */
  amount: string | null;
  /** The amount paid back as the client sent it (may include tax and shipping). */
  total: string | null;
  currency: string | null;
  reason: string | null;
  user_key: string;
  line_count: number;
}

export interface SilverRefundLine {
  seq: number;
  line_no: number;
  order_id: string;
  product_id: string;
  price: string;
  quantity: number;
  amount: string;
}

/**
 * One line of an `adjustment_recorded` event: a stock move, bad debt, free line, unmatched
 * credit or duplicate line, kept apart from orders and refunds. Price and quantity are
 * signed; amount = price x quantity.
 */
export interface SilverAdjustmentLine {
  seq: number;
  line_no: number;
  message_id: string;
  adjustment_id: string;
  kind: string;
  adjusted_at: string;
  user_key: string;
  product_id: string;
  name: string | null;
  price: string;
  quantity: number;
  amount: string;
  currency: string | null;
  reason: string | null;
}

export interface SilverTraits {
  seq: number;
  message_id: string;
  user_id: string | null;
  anonymous_id: string | null;
  user_key: string;
  observed_at: string;
  email: string | null;
  name: string | null;
  country: string | null;
  city: string | null;
  segment: string | null;
  traits: string;
}

export interface QuarantineInput {
  seq: number;
  quarantined_at: string;
  received_at: string;
  reason: QuarantineReason;
  detail: string;
  message_id: string | null;
  event_name: string | null;
  write_key_id: string;
  request_id: string;
  source: string;
  /** The batch-level sentAt the collector saw, kept so a replay corrects skew the same way. */
  batch_sent_at: string | null;
  raw: string;
}

/** One processed micro-batch, written atomically with the checkpoint. */
export interface SilverBatch {
  /** Advance this consumer's checkpoint to `toSeq`; null for a replay, which moves none. */
  checkpoint: { consumer: string; toSeq: number } | null;
  events: SilverEvent[];
  orders: SilverOrder[];
  orderLines: SilverOrderLine[];
  refunds: SilverRefund[];
  refundLines: SilverRefundLine[];
  adjustmentLines: SilverAdjustmentLine[];
  traits: SilverTraits[];
  quarantine: QuarantineInput[];
  /** Replay only: quarantine rows (by seq) whose event is now in `events`. */
  resolves: number[];
  /** The quarantine row for an event the warehouse finds to be a duplicate. */
  quarantineFor(seq: number, reason: 'duplicate' | 'duplicate_order'): QuarantineInput;
}

export interface CommitResult {
  stored: number;
  quarantined: number;
  duplicates: number;
  duplicateOrders: number;
}

export interface QuarantineRow extends QuarantineInput {
  replay_count: number;
  resolved_at: string | null;
  resolution: string | null;
}

export interface WarehouseStatus {
  silverEvents: number;
  orders: number;
  refunds: number;
  traits: number;
  quarantined: number;
  quarantineByReason: Record<string, number>;
  newestEventAt: string | null;
  newestReceivedAt: string | null;
  checkpoints: Record<string, number>;
}

export interface LiveCounterRow {
  bucket_at: string;
  events: number;
  sessions_started: number;
  orders: number;
  gross_revenue: string;
  refunds: string;
  net_revenue: string;
}

/**
 * What retention removes from the warehouse: rows older than each cutoff (UTC epoch ms);
 * null keeps them. Silver and the models' tables are never touched.
 */
export interface WarehouseRetention {
  /** Quarantine rows quarantined before this. */
  quarantineBefore: number | null;
  /** Model and test runs (with their rows) started before this, but never the newest run
   * of each kind; resolved alerts resolved before this. */
  opsBefore: number | null;
  /** Per-second live counters (per-minute ones stay). */
  liveSecondsBefore: number | null;
}

/** The warehouse: silver tables, quarantine, live counters and checkpoints. */
export interface Warehouse {
  migrate(): Promise<void>;
  checkpoint(consumer: string): Promise<number>;
  commit(batch: SilverBatch): Promise<CommitResult>;
  status(): Promise<WarehouseStatus>;
  liveCounters(grain: 'second' | 'minute', sinceIso: string): Promise<LiveCounterRow[]>;
  listQuarantine(filter: {
    reason?: string | undefined;
    unresolvedOnly: boolean;
    limit: number;
    afterSeq?: number | undefined;
  }): Promise<QuarantineRow[]>;
  /** Replay: a still-bad quarantined event gets its new reason and a replay count. */
  requarantine(rows: QuarantineInput[]): Promise<void>;
  /** Retention: deletes what `policy` says has expired; rows deleted per table. */
  prune(policy: WarehouseRetention): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** What the processor reports about itself. */
export interface ProcessorStats {
  checkpoint: number;
  processed: number;
  stored: number;
  quarantined: number;
  duplicates: number;
  batches: number;
  lastError: string | null;
  lastBatchMs: number;
  /** Receive-to-visible latency of recent events (ms), an upper bound of ack-to-visible. */
  visibleMs: { p50: number; p99: number; max: number; samples: number };
}

/** What a quarantine replay did. */
export interface ReplaySummary {
  examined: number;
  stored: number;
  duplicates: number;
  stillQuarantined: Record<string, number>;
}

/**
 * A connection to the warehouse for work beside the commit path: migrations, models and
 * data tests. Values are bound as $1, $2, ...; rows come back as JSON values (decimals as
 * strings, timestamps as 'YYYY-MM-DD HH:MM:SS').
 */
export interface SqlSession {
  /** Runs one statement; resolves to the number of rows it changed. */
  exec(sql: string, params?: unknown[]): Promise<number>;
  queryRows(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  transaction<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
