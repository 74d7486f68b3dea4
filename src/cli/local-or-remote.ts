import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { systemClock } from '../core/clock.js';
import { ConfigError } from '../core/errors.js';
import type { AdminSource } from '../serve/admin.js';
import { openRuntime } from './runtime.js';
import { DataDirLocked } from './lock.js';
import { scaleOutGaps } from './options.js';
import { openDashboardRole } from './roles/dashboard.js';

/**
 * A running `storepulse start` owns its data folder, so the operator commands open the files
 * themselves only when no instance holds them, and otherwise ask the running instance over
 * its admin API. With a NATS log and a PostgreSQL warehouse configured (--log and
 * --warehouse, or STOREPULSE_LOG and STOREPULSE_WAREHOUSE) they look at that scaled-out
 * pipeline instead, through the same admin a dashboard role serves.
 */
export async function withAdmin<T>(
  config: Readonly<Config>,
  logger: Logger,
  work: (admin: AdminSource) => Promise<T>,
): Promise<T> {
  if (config.log.url || config.warehouse.url) return withScaledOut(config, logger, work);
  let rt;
  try {
    rt = await openRuntime(config, logger, systemClock);
  } catch (err) {
    if (!(err instanceof DataDirLocked)) throw err;
    const port = config.dashboard.port ?? config.http.port;
    return work(remoteAdmin(`http://${config.http.host}:${port}`, config.dashboard.token));
  }
  try {
    return await work(rt.admin);
  } finally {
    await rt.close();
  }
}

async function withScaledOut<T>(
  config: Readonly<Config>,
  logger: Logger,
  work: (admin: AdminSource) => Promise<T>,
): Promise<T> {
  const missing = scaleOutGaps(config);
  if (missing.length > 0)
    throw new ConfigError(missing.map((m) => `a scaled-out pipeline needs ${m} as well`));
  const rt = await openDashboardRole(config, logger, systemClock, { watch: false });
  try {
    return await work(rt.admin);
  } finally {
    await rt.close();
  }
}

/** The admin API of a running instance, over HTTP. */
export function remoteAdmin(base: string, token: string): AdminSource {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const call = async <T>(path: string, method = 'GET'): Promise<T> => {
    const res = await fetch(`${base}${path}`, { method, headers });
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const qs = (f: { reason?: string | undefined; limit: number }) =>
    `?limit=${f.limit}${f.reason ? `&reason=${encodeURIComponent(f.reason)}` : ''}`;
  return {
    status: () => call('/admin/v1/status'),
    quarantine: (f) => call(`/admin/v1/quarantine${qs(f)}`),
    replay: (f) => call(`/admin/v1/quarantine/replay${qs(f)}`, 'POST'),
    runModels: (o) =>
      call(
        `/admin/v1/models/run?select=${encodeURIComponent((o.select ?? []).join(','))}&full_refresh=${o.fullRefresh === true}`,
        'POST',
      ),
    testModels: (o) =>
      call(
        `/admin/v1/models/test?select=${encodeURIComponent((o.select ?? []).join(','))}`,
        'POST',
      ),
    modelRuns: (limit) => call(`/admin/v1/models/runs?limit=${limit}`),
    health: (o) => (o.run ? call('/admin/v1/monitor/run', 'POST') : call('/admin/v1/health')),
    alerts: (limit) => call(`/admin/v1/alerts?limit=${limit}`),
    records: (from, to) => call(`/admin/v1/records?from=${from}&to=${to}`),
  };
}
