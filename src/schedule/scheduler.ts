import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';

export interface ScheduleOptions {
  intervalMs: number;
  retries: number;
  retryBackoffMs: number;
}

/**
 * When the next cycle starts: one interval after the last one started, or at once when the
 * last one overran its interval. Cycles never overlap, so a slow cycle delays, not doubles.
 */
export function nextStart(lastStartedAt: number, finishedAt: number, intervalMs: number): number {
  return Math.max(lastStartedAt + intervalMs, finishedAt);
}

/** Backoff before retry `attempt` (1-based): doubling, capped at 16 times the base. */
export function backoffMs(attempt: number, baseMs: number): number {
  return baseMs * 2 ** Math.min(attempt - 1, 4);
}

/**
 * Runs `cycle` on a cadence until stopped. A cycle that throws is an infrastructure failure
 * (a model that fails is a result, not an exception): it is retried with backoff, then
 * given up until the next cycle. Nothing here blocks the caller; `stop` waits for the cycle
 * in flight.
 */
export function createScheduler(
  name: string,
  opts: ScheduleOptions,
  cycle: () => Promise<void>,
  deps: { clock: Clock; logger: Logger },
) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  let loop: Promise<void> | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, Math.max(0, ms));
    });

  async function attempt(): Promise<void> {
    for (let i = 1; !stopped; i += 1) {
      try {
        await cycle();
        return;
      } catch (err) {
        if (i > opts.retries) {
          deps.logger.error(
            { err, job: name, attempts: i },
            'scheduled job failed; next cycle will retry',
          );
          return;
        }
        const wait = backoffMs(i, opts.retryBackoffMs);
        deps.logger.warn(
          { err, job: name, attempt: i, waitMs: wait },
          'scheduled job failed; retrying',
        );
        await sleep(wait);
      }
    }
  }

  async function run(): Promise<void> {
    while (!stopped) {
      const started = deps.clock.now();
      await attempt();
      await sleep(nextStart(started, deps.clock.now(), opts.intervalMs) - deps.clock.now());
    }
  }

  return {
    start(): void {
      if (opts.intervalMs <= 0 || loop) return;
      stopped = false;
      loop = run();
    },
    /** Waits for the cycle in flight; `start` may run it again afterwards. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      await loop;
      loop = undefined;
    },
  };
}
