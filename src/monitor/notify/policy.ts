import { retryAfterMs } from '../../core/retry-after.js';

/** When and whether a failed delivery is tried again. */

export interface RetryOptions {
  /** Attempts per delivery, the first included. */
  maxAttempts: number;
  /** The wait before the second attempt; it doubles with each further one. */
  baseDelayMs: number;
  /** No wait is longer, whether from the backoff or from a receiver's Retry-After. */
  maxDelayMs: number;
}

/** What one attempt came to: delivered, worth another try (after `waitMs`, if given), or not. */
export type AttemptResult =
  | { kind: 'delivered'; status: number }
  | { kind: 'retry'; reason: string; status?: number; waitMs?: number }
  | { kind: 'failed'; reason: string; status: number };

/**
 * Network errors, timeouts, 408, 429 and 5xx are the receiver's passing trouble; any other
 * answer that is not 2xx (a 3xx included: a webhook that moved is misconfigured, and
 * following it would post the alert somewhere nobody configured) will not change on retry.
 */
export function judge(status: number, retryAfter: string | null, now: number): AttemptResult {
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  const reason = `HTTP ${status}`;
  if (status === 429 || status === 503)
    return { kind: 'retry', reason, status, waitMs: retryAfterMs(retryAfter, now) };
  if (status === 408 || status >= 500) return { kind: 'retry', reason, status };
  return { kind: 'failed', reason, status };
}

/**
 * The wait before attempt `attempt + 1`: exponential with "equal jitter" (half fixed, half
 * random), so receivers that recover together are not hit by every sender at once, yet no
 * wait is shorter than half the backoff.
 */
export function backoffMs(attempt: number, opts: RetryOptions, random = Math.random): number {
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + (random() * ceiling) / 2;
}
