import type {
  LiveCounterRow,
  QuarantineInput,
  QuarantineRow,
  WarehouseStatus,
} from '../../core/ports.js';
import { loadSqlFolder } from '../../core/sql.js';

/**
 * The warehouse's status reads and its one small write, over sql/queries, for both engines:
 * the same statements and the same mapping of rows, so DuckDB and PostgreSQL answer alike
 * (counts as numbers, decimals and timestamps as the text both print).
 */
export const QUERIES = loadSqlFolder('queries');

/** Runs a read on the engine's reader connection; rows as JSON values. */
export type ReadRows = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export interface QuarantineFilter {
  reason?: string | undefined;
  unresolvedOnly: boolean;
  limit: number;
  afterSeq?: number | undefined;
}

export async function readCheckpoint(read: ReadRows, consumer: string): Promise<number> {
  const rows = await read(QUERIES.checkpoint!.text, [consumer]);
  return rows[0] ? Number(rows[0].seq) : 0;
}

export async function readStatus(read: ReadRows): Promise<WarehouseStatus> {
  const [counts] = await read(QUERIES.status_counts!.text);
  const reasons = await read(QUERIES.quarantine_by_reason!.text);
  const cps = await read(QUERIES.checkpoints!.text);
  return {
    silverEvents: Number(counts?.silver_events ?? 0),
    orders: Number(counts?.orders ?? 0),
    refunds: Number(counts?.refunds ?? 0),
    traits: Number(counts?.traits ?? 0),
    quarantined: Number(counts?.quarantined ?? 0),
    quarantineByReason: Object.fromEntries(reasons.map((r) => [String(r.reason), Number(r.n)])),
    newestEventAt: (counts?.newest_event_at as string | null) ?? null,
    newestReceivedAt: (counts?.newest_received_at as string | null) ?? null,
    checkpoints: Object.fromEntries(cps.map((r) => [String(r.consumer), Number(r.seq)])),
  };
}

export async function readLiveCounters(
  read: ReadRows,
  grain: 'second' | 'minute',
  sinceIso: string,
): Promise<LiveCounterRow[]> {
  const rows = await read(QUERIES.live_counters!.text, [grain, sinceIso]);
  return rows.map((r) => ({
    bucket_at: String(r.bucket_at),
    events: Number(r.events),
    sessions_started: Number(r.sessions_started),
    orders: Number(r.orders),
    gross_revenue: String(r.gross_revenue),
    refunds: String(r.refunds),
    net_revenue: String(r.net_revenue),
  }));
}

export async function readQuarantine(
  read: ReadRows,
  f: QuarantineFilter,
): Promise<QuarantineRow[]> {
  const params = [f.reason ?? null, f.unresolvedOnly, f.afterSeq ?? 0, f.limit];
  const rows = await read(QUERIES.list_quarantine!.text, params);
  return rows.map(
    (r) => ({ ...r, seq: Number(r.seq), replay_count: Number(r.replay_count) }) as QuarantineRow,
  );
}

/** Replay: each still-bad row gets its new reason and one more replay (in the caller's transaction). */
export async function requarantineRows(
  run: (sql: string, params: unknown[]) => Promise<unknown>,
  rows: QuarantineInput[],
): Promise<void> {
  for (const r of rows) {
    await run(QUERIES.requarantine!.text, [r.seq, r.reason, r.detail, r.quarantined_at]);
  }
}
