import type { Config } from '../core/config.js';
import type { Clock } from '../core/clock.js';
import { createScheduler } from '../schedule/scheduler.js';
import { runRetention, type RetentionDeps, type RetentionReport } from '../monitor/retention.js';

/**
 * Retention in the thread that owns the log: a run every `retention.intervalMinutes` once
 * started (the first at once), and the last report kept for the status. A failed run is
 * retried by the scheduler and otherwise waits for the next interval.
 */
export function createRetention(
  settings: Readonly<Config['retention']>,
  deps: RetentionDeps & { clock: Clock },
) {
  let last: RetentionReport | null = null;
  const run = async (): Promise<RetentionReport> => {
    last = await runRetention(deps, settings, deps.clock.now());
    return last;
  };
  const scheduler = createScheduler(
    'retention',
    { intervalMs: settings.intervalMinutes * 60_000, retries: 2, retryBackoffMs: 30_000 },
    async () => {
      await run();
    },
    deps,
  );
  return {
    run,
    last: (): RetentionReport | null => last,
    start: (): void => scheduler.start(),
    stop: (): Promise<void> => scheduler.stop(),
  };
}

export type Retention = ReturnType<typeof createRetention>;
