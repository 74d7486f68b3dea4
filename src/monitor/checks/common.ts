import type { Config } from '../../core/config.js';
import type { CheckResult, CheckStatus } from '../types.js';
import type { MonitorSource } from '../source.js';

export type MonitorSettings = Config['monitor'];

/** What every check gets: the reads, the settings, and one `now` for the whole run. */
export interface CheckContext {
  source: MonitorSource;
  settings: MonitorSettings;
  now: number;
}

/** At or above `critical`: critical; at or above `warning`: warning. */
export function byThreshold(value: number, warning: number, critical: number): CheckStatus {
  if (value >= critical) return 'critical';
  if (value >= warning) return 'warning';
  return 'ok';
}

export function result(
  check: string,
  status: CheckStatus,
  summary: string,
  value: number | null,
  unit: string,
  details: Record<string, unknown> = {},
): CheckResult {
  return { check, status, summary, value, unit, details };
}

/** 42 s, 12 min, 3.5 h: ages as people read them. */
export function age(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export const iso = (ms: number | null): string | null =>
  ms === null ? null : new Date(ms).toISOString();
