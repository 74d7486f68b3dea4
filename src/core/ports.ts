import type {
  QuarantineInput,
  SilverAdjustmentLine,
  SilverEvent,
  SilverOrder,
  SilverOrderLine,
  SilverRefund,
  SilverRefundLine,
  SilverTraits,
} from './silver-rows.js';

/*
 * The ports: what the stages need of the log and the warehouse. The log's side is in
 * log-ports.ts and the silver rows in silver-rows.ts; both are re-exported here, so a stage
 * imports every port from this one module.
 */
export type * from './log-ports.js';
export type * from './silver-rows.js';

/** One processed micro-batch, written atomically with the checkpoint. */
export interface SilverBatch {
  /**
   * Advance this consumer's checkpoint to `toSeq` (it never moves back); null for a replay,
   * which moves none.
   */
  checkpoint: { consumer: string; toSeq: number } | null;
  /**
   * The log may deliver these records again after their commit (a shared consumer that
   * acknowledges after it): the warehouse silently drops every record whose seq it already
   * holds in silver or quarantine, in the same transaction.
   */
  atLeastOnce?: boolean;
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
  /** Records dropped because an earlier delivery already committed them (atLeastOnce). */
  redelivered?: number;
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

/**
 * Exactly one holder at a time among any number of processes (the scheduler's models and
 * retention must run once, not once per replica). A holder that dies loses it, and another
 * process's next `check` takes it over.
 */
export interface Leadership {
  /** Takes the lead if it is free, or confirms this process still holds it. */
  check(): Promise<boolean>;
  release(): Promise<void>;
}
