import type { SqlSession } from '../core/ports.js';
import { loadSqlFolder } from '../core/sql.js';
import { toSqlTimestamp } from '../core/time.js';

export const SQL = loadSqlFolder('models');

/** What the models may read besides silver: set by the runner, never by a model. */
export interface ModelSettings {
  /** IANA zone for daily buckets, e.g. Europe/London. */
  reportTimeZone: string;
  sessionGapMinutes: number;
  funnelWindowHours: number;
  hotLeadDays: number;
}

export const DEFAULT_SETTINGS: ModelSettings = {
  reportTimeZone: 'UTC',
  sessionGapMinutes: 30,
  funnelWindowHours: 24,
  hotLeadDays: 7,
};

/** Before a full build the window opens here: before any event we accept. */
export const BEGINNING = Date.UTC(1900, 0, 1);

/** Rewrites the one row of ops_run_context that models read as `source('ops', 'run_context')`. */
export async function setRunContext(
  session: SqlSession,
  settings: ModelSettings,
  at: { asOf: number; windowStart: number; watermark: number },
): Promise<void> {
  const { asOf, windowStart, watermark } = at;
  await session.exec('delete from ops_run_context');
  await session.exec(SQL.set_context!.text, [
    toSqlTimestamp(asOf),
    toSqlTimestamp(windowStart),
    settings.reportTimeZone,
    settings.sessionGapMinutes,
    settings.funnelWindowHours,
    settings.hotLeadDays,
    watermark,
  ]);
}

/** How far silver is committed: what a run reads (all processors' checkpoints, the lowest). */
export async function currentWatermark(session: SqlSession): Promise<number> {
  const [row] = await session.queryRows('select coalesce(min(seq), 0) as seq from checkpoints');
  return Number(row?.seq ?? 0);
}
