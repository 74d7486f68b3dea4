import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { retryAfterMs } from '../retry-after.js';
import type { HttpClient, Reply } from './http.js';

export interface SendStats {
  /** Items taken from the generator and sent, each once however many attempts it took. */
  sent: number;
  /** Events in batches the collector answered with a 2xx. */
  acknowledged: number;
  /** Events in batches the collector refused with a 4xx other than 429. */
  rejected: number;
  /** Non-JSON bodies sent to /v1/track that the collector answered (a 400 is expected). */
  malformed: number;
  /** Requests sent again after a 429, a 5xx or a network error. */
  retries: number;
  /** /v1/batch requests, not counting retries. */
  batches: number;
  /** Items given up on: no answer, or still 429/5xx after the last retry. */
  errors: number;
}

export function emptyStats(): SendStats {
  return { sent: 0, acknowledged: 0, rejected: 0, malformed: 0, retries: 0, batches: 0, errors: 0 };
}

const gzipAsync = promisify(gzip);
const MAX_RETRIES = 8;
const MAX_WAIT_MS = 60_000;

/**
 * Sends one request to completion: retries the same payload (same messageIds, so the collector
 * can deduplicate) on 429, 5xx and network errors, honouring Retry-After, and counts the outcome.
 */
export class Delivery {
  /** No new request before this time: a 429 or 503 asks the whole client to back off. */
  holdUntil = 0;

  constructor(
    private readonly client: HttpClient,
    private readonly stats: SendStats,
    private readonly compress: boolean,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Sends a batch to completion; the last reply, or undefined when none came. */
  async batch(events: readonly string[], path = '/v1/batch'): Promise<Reply | undefined> {
    this.stats.batches += 1;
    // sentAt is renewed on every attempt: the collector corrects clock skew with it.
    const reply = await this.withRetries(path, () => {
      return `{"batch":[${events.join(',')}],"sentAt":"${new Date().toISOString()}"}`;
    });
    if (reply === undefined || isRetriable(reply.status)) this.stats.errors += events.length;
    else if (reply.status < 300) this.stats.acknowledged += events.length;
    else this.stats.rejected += events.length;
    return reply;
  }

  async raw(body: string): Promise<void> {
    const reply = await this.withRetries('/v1/track', () => body);
    if (reply === undefined || isRetriable(reply.status)) this.stats.errors += 1;
    else this.stats.malformed += 1;
  }

  private async withRetries(path: string, body: () => string): Promise<Reply | undefined> {
    for (let attempt = 0; ; attempt++) {
      let wait: number;
      try {
        const reply = await this.post(path, body());
        if (!isRetriable(reply.status) || this.givingUp(attempt)) return reply;
        wait = retryAfterMs(reply.retryAfter) ?? backoff(attempt);
      } catch {
        if (this.givingUp(attempt)) return undefined;
        wait = backoff(attempt);
      }
      wait = Math.min(wait, MAX_WAIT_MS);
      this.holdUntil = Math.max(this.holdUntil, Date.now() + wait);
      this.stats.retries += 1;
      await pause(wait, this.signal);
      if (this.signal?.aborted) return undefined;
    }
  }

  private givingUp(attempt: number): boolean {
    return attempt >= MAX_RETRIES || this.signal?.aborted === true;
  }

  private async post(path: string, text: string): Promise<Reply> {
    const plain = Buffer.from(text, 'utf8');
    if (!this.compress) return this.client.post(path, plain);
    return this.client.post(path, await gzipAsync(plain), { 'Content-Encoding': 'gzip' });
  }
}

function isRetriable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function backoff(attempt: number): number {
  return Math.min(10_000, 200 * 2 ** attempt);
}

/** Waits `ms`, or less when the signal aborts; never throws. */
export async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0 || signal?.aborted) return;
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    // Aborted: the caller checks the signal.
  }
}
