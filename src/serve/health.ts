import { Hono } from 'hono';
import type { HealthReport } from '../monitor/types.js';

export interface HealthSource {
  /** The newest monitor report, or null before the first run. */
  report(): Promise<HealthReport | null>;
  /** Why the instance cannot take and keep events now; empty when it can. */
  notReady(): Promise<string[]>;
}

/**
 * Probes, public like the collector. `/healthz` is liveness: 200 while the process serves,
 * with the monitor's overall status and reasons in the body (a stale shop must not get the
 * process restarted). `/readyz` is readiness: 200 only when an event sent now would be
 * acknowledged and stored (not shutting down, warehouse answering, disk not full), else 503.
 */
export function createHealthRoutes(source: HealthSource) {
  const app = new Hono();
  app.get('/healthz', async (c) => {
    const r = await source.report().catch(() => null);
    return c.json({
      live: true,
      status: r?.status ?? 'unknown',
      reasons: r?.reasons ?? [],
      checkedAt: r?.at ?? null,
      alerts: (r?.alerts ?? []).map((a) => ({
        check: a.check,
        severity: a.severity,
        title: a.title,
        since: a.openedAt,
      })),
    });
  });
  app.get('/readyz', async (c) => {
    const reasons = await source
      .notReady()
      .catch((err: unknown) => [`readiness unknown: ${String(err)}`]);
    return c.json({ ready: reasons.length === 0, reasons }, reasons.length === 0 ? 200 : 503);
  });
  return app;
}

/** Readiness from a warehouse ping (bounded) and the newest report's disk check. */
export async function readiness(deps: {
  closing: () => boolean;
  ping: () => Promise<void>;
  report: () => Promise<HealthReport | null>;
  timeoutMs?: number;
}): Promise<string[]> {
  if (deps.closing()) return ['shutting down'];
  const reasons: string[] = [];
  const timeoutMs = deps.timeoutMs ?? 2000;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([deps.ping(), late]);
  } catch (err) {
    reasons.push(`warehouse: ${String((err as Error)?.message ?? err)}`);
  } finally {
    clearTimeout(timer);
  }
  const disk = (await deps.report())?.checks.find((c) => c.check === 'engine.disk');
  if (disk?.status === 'critical') reasons.push(disk.summary);
  return reasons;
}
