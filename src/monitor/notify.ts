import type { Logger } from '../core/logger.js';
import { createLane } from './notify/lane.js';
import type { RetryOptions } from './notify/policy.js';
import type { Target } from './notify/targets.js';
import type { AlertNotice } from './types.js';

export { hostOf, targetsFrom, type Target } from './notify/targets.js';

export type Outcome = 'delivered' | 'retried' | 'failed' | 'dropped';

export interface NotifyOptions extends RetryOptions {
  /** Per attempt, from the request until the answer's body is read. */
  timeoutMs: number;
  /** Deliveries waiting per target; past it the oldest waiting one is dropped. */
  maxPending: number;
}

export const NOTIFY_DEFAULTS: NotifyOptions = {
  timeoutMs: 5000,
  maxAttempts: 6,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  maxPending: 1000,
};

export interface NotifyDeps {
  logger: Logger;
  /** Every outcome of every delivery. Label metrics with `kind` or `hostOf`, never the URL. */
  onOutcome?: ((target: Target, outcome: Outcome) => void) | undefined;
}

export interface Notifier {
  /** Queues one delivery per target and returns; never waits and never throws. */
  notify(notice: AlertNotice): void;
  /** Resolves once every target's queue is empty (retries included); bound it with a timer. */
  idle(): Promise<void>;
  /** Stops at once: the request in flight is aborted, retries and waiting deliveries dropped. */
  close(): Promise<void>;
}

/**
 * Sends alert notices to webhooks off the caller's path. Each target has its own queue and
 * sends one delivery at a time, retrying it before the next: so an 'opened' never arrives
 * after its 'resolved', and a dead target delays only itself. Pending deliveries live in
 * memory only; a restart loses them.
 */
export function createNotifier(
  targets: readonly Target[],
  opts: Partial<NotifyOptions>,
  deps: NotifyDeps,
): Notifier {
  const options = { ...NOTIFY_DEFAULTS, ...opts };
  const closing = new AbortController();
  const lanes = targets.map((target) => createLane(target, options, closing.signal, deps));
  const busy = () => lanes.flatMap((lane) => lane.running() ?? []);
  const idle = async () => {
    for (let running = busy(); running.length > 0; running = busy()) await Promise.all(running);
  };
  return {
    notify: (notice) => lanes.forEach((lane) => lane.push(notice)),
    idle,
    async close() {
      closing.abort();
      await idle();
      lanes.forEach((lane) => lane.abandon());
    },
  };
}
