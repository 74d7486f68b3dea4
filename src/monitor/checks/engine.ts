import type { CheckResult } from '../types.js';
import { result, type CheckContext } from './common.js';

const GIB = 1024 ** 3;

/** The warehouse answers, and the data folder's disk has room to grow. */
export async function engineChecks(ctx: CheckContext): Promise<CheckResult[]> {
  const s = ctx.settings;
  const warehouse = await ctx.source.ping().then(
    (ms) => result('engine.warehouse', 'ok', `Warehouse answers in ${Math.round(ms)} ms`, ms, 'ms'),
    (err: unknown) =>
      result(
        'engine.warehouse',
        'critical',
        `Warehouse does not answer: ${String((err as Error)?.message ?? err)}`,
        null,
        'ms',
      ),
  );
  const disk = await ctx.source.disk().then(
    (d) => {
      // Servers' disks (NATS, PostgreSQL) are watched by their own monitoring.
      if (d === null) return null;
      const free = d.totalBytes === 0 ? 0 : d.freeBytes / d.totalBytes;
      const status =
        free <= s.diskCriticalFreeShare
          ? 'critical'
          : free <= s.diskWarningFreeShare
            ? 'warning'
            : 'ok';
      return result(
        'engine.disk',
        status,
        `Disk: ${(d.freeBytes / GIB).toFixed(1)} GiB free of ${(d.totalBytes / GIB).toFixed(1)} GiB (${(free * 100).toFixed(1)}%)` +
          (d.databaseBytes === null
            ? ''
            : `; warehouse file ${(d.databaseBytes / GIB).toFixed(2)} GiB`),
        free,
        'share',
        {
          ...d,
          warningFreeShare: s.diskWarningFreeShare,
          criticalFreeShare: s.diskCriticalFreeShare,
        },
      );
    },
    (err: unknown) =>
      result('engine.disk', 'warning', `Disk space unknown: ${String(err)}`, null, 'share'),
  );
  return disk ? [warehouse, disk] : [warehouse];
}
