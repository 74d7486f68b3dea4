import { statfs, stat } from 'node:fs/promises';
import type { SqlSession } from '../core/ports.js';
import { loadSqlFolder } from '../core/sql.js';
import { fromSqlTimestamp, toSqlTimestamp } from '../core/time.js';

/** Where the pipeline stands: newest arrivals per layer and the processing lag. */
export interface PipelinePosition {
  /** Receive time of the newest record in the log (bronze); null when it is empty. */
  bronzeNewestAt: number | null;
  /** Receive time of the newest event stored in silver; null when none is. */
  silverNewestAt: number | null;
  /** Unprocessed log records, or broker messages when `lagUnit` says so (NATS). */
  lagEvents: number;
  lagUnit?: 'messages';
  lagSeconds: number;
}

export interface Bucket {
  at: number;
  events: number;
  orders: number;
  /** Order revenue: a float, for statistics only (stored money stays decimal). */
  revenue: number;
}

export interface MartState {
  model: string;
  watermarkSeq: number;
  succeededAt: number;
}

export type Row = Record<string, unknown>;

/** What the checks read. One implementation over SQL; the position comes from the runtime. */
export interface MonitorSource {
  position(): Promise<PipelinePosition>;
  buckets(grain: 'second' | 'minute', from: number, to: number): Promise<Bucket[]>;
  firstBucket(grain: 'second' | 'minute'): Promise<number | null>;
  received(from: number, to: number): Promise<number>;
  quarantined(from: number, to: number): Promise<Record<string, number>>;
  marts(): Promise<MartState[]>;
  oldestAfter(seq: number): Promise<number | null>;
  /** The newest finished model build with its failure streak (sql/api/pipeline_last_model_run). */
  lastBuild(): Promise<Row | null>;
  /** The latest result of every data test (sql/api/quality_tests). */
  tests(): Promise<Row[]>;
  /** Round trip to the warehouse (ms); throws when it does not answer. */
  ping(): Promise<number>;
  /** Null when no data folder of ours is on this machine (a scaled-out role). */
  disk(): Promise<{ freeBytes: number; totalBytes: number; databaseBytes: number | null } | null>;
}

const SQL = loadSqlFolder('monitor');
/** The dashboard's definitions of the last build and of the latest test results. */
const SHARED = loadSqlFolder('api');

const ms = (v: unknown): number | null => (typeof v === 'string' ? fromSqlTimestamp(v) : null);

/** The monitor's reads on a warehouse session of its own, and the data folder's disk. */
export function sqlMonitorSource(deps: {
  session: SqlSession;
  position: () => Promise<PipelinePosition>;
  /** The data folder whose disk is checked; null when the log and warehouse are servers. */
  dataDir: string | null;
  databaseFile: string | null;
  now: () => number;
}): MonitorSource {
  const q = (name: string, params: unknown[] = []) =>
    deps.session.queryRows((SQL[name] ?? SHARED[name])!.text, params);
  return {
    position: deps.position,
    async buckets(grain, from, to) {
      const rows = await q('volume_buckets', [grain, toSqlTimestamp(from), toSqlTimestamp(to)]);
      return rows.map((r) => ({
        at: ms(r.bucket_at)!,
        events: Number(r.events),
        orders: Number(r.orders),
        revenue: Number(r.revenue),
      }));
    },
    async firstBucket(grain) {
      const [row] = await q('first_bucket', [grain]);
      return ms(row?.first_at);
    },
    async received(from, to) {
      const [row] = await q('received_count', [toSqlTimestamp(from), toSqlTimestamp(to)]);
      return Number(row?.n ?? 0);
    },
    async quarantined(from, to) {
      const rows = await q('quarantined_by_reason', [toSqlTimestamp(from), toSqlTimestamp(to)]);
      return Object.fromEntries(rows.map((r) => [String(r.reason), Number(r.n)]));
    },
    async marts() {
      const rows = await q('mart_state');
      return rows.map((r) => ({
        model: String(r.model),
        watermarkSeq: Number(r.watermark_seq),
        succeededAt: ms(r.succeeded_at)!,
      }));
    },
    async oldestAfter(seq) {
      const [row] = await q('oldest_after', [seq]);
      return ms(row?.oldest_at);
    },
    async lastBuild() {
      const [row] = await q('pipeline_last_model_run');
      return row ?? null;
    },
    tests: () => q('quality_tests'),
    async ping() {
      const started = deps.now();
      await q('ping');
      return deps.now() - started;
    },
    async disk() {
      if (deps.dataDir === null) return null;
      const fs = await statfs(deps.dataDir);
      const db = deps.databaseFile ? await stat(deps.databaseFile).catch(() => null) : null;
      return {
        freeBytes: fs.bavail * fs.bsize,
        totalBytes: fs.blocks * fs.bsize,
        databaseBytes: db ? db.size : null,
      };
    },
  };
}
