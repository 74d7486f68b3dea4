import { setTimeout as sleep } from 'node:timers/promises';
import type { NotifyDeps, NotifyOptions, Outcome } from '../notify.js';
import type { AlertNotice } from '../types.js';
import { deliveryKey, jsonPayload, slackPayload } from './payloads.js';
import { backoffMs, judge, type AttemptResult } from './policy.js';
import { hostOf, type Target } from './targets.js';

/** One delivery: one notice rendered for one target, the same bytes on every attempt. */
interface Delivery {
  alert: string;
  transition: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * One target's queue: one delivery at a time, retried until done with before the next.
 * `closed` aborts the request in flight and the wait between retries.
 */
export function createLane(
  target: Target,
  opts: NotifyOptions,
  closed: AbortSignal,
  deps: NotifyDeps,
) {
  const log = deps.logger.child({ target: target.kind, host: hostOf(target) });
  const queue: Delivery[] = [];
  let running: Promise<void> | undefined;

  const report = (outcome: Outcome) => {
    try {
      deps.onOutcome?.(target, outcome);
    } catch (err) {
      log.error({ err }, 'alert notification outcome callback failed');
    }
  };

  function push(notice: AlertNotice): void {
    const fields = { alert: notice.alert.id, transition: notice.transition };
    try {
      if (closed.aborted) {
        report('dropped');
        log.warn(fields, 'alert notification dropped: notifier closed');
        return;
      }
      queue.push(render(target.kind, notice));
      if (queue.length > opts.maxPending) {
        const oldest = queue.shift()!;
        report('dropped');
        log.warn(
          { alert: oldest.alert, transition: oldest.transition, pending: queue.length },
          'alert notification queue full; oldest pending delivery dropped',
        );
      }
      start();
    } catch (err) {
      report('dropped');
      log.error({ ...fields, err }, 'alert notification could not be queued');
    }
  }

  /** Runs the queue unless it runs already; picks up what arrived while it was finishing. */
  function start(): void {
    if (running || closed.aborted) return;
    running = drain()
      .catch((err: unknown) => log.error({ err }, 'alert notification queue failed'))
      .finally(() => {
        running = undefined;
        if (queue.length > 0) start();
      });
  }

  async function drain(): Promise<void> {
    for (let next = queue.shift(); next; next = queue.shift()) {
      if (!(await deliver(next))) {
        queue.unshift(next); // closed mid-delivery: counted with the rest it abandons
        return;
      }
    }
  }

  /** Tries one delivery until it is done with; false when the notifier closed first. */
  async function deliver(delivery: Delivery): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const result = await post(delivery);
      const fields = { alert: delivery.alert, transition: delivery.transition, attempt };
      if (result.kind === 'delivered') {
        report('delivered');
        log.info({ ...fields, status: result.status }, 'alert notification delivered');
        return true;
      }
      if (closed.aborted) return false;
      const { reason, status } = result;
      if (result.kind === 'failed' || attempt >= opts.maxAttempts) {
        report('failed');
        const why = result.kind === 'failed' ? 'refused, not retried' : 'attempts exhausted';
        log.error({ ...fields, status, reason }, `alert notification failed: ${why}`);
        return true;
      }
      const waitMs = Math.min(opts.maxDelayMs, result.waitMs ?? backoffMs(attempt, opts));
      report('retried');
      log.warn({ ...fields, status, reason, waitMs }, 'alert notification failed; retrying');
      try {
        await sleep(waitMs, undefined, { signal: closed });
      } catch {
        return false;
      }
    }
  }

  async function post(delivery: Delivery): Promise<AttemptResult> {
    const timeout = AbortSignal.timeout(opts.timeoutMs);
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.any([closed, timeout]),
      });
      // Read the answer either way: it frees the connection, and a refusal says why.
      const answer = (await response.text()).slice(0, 200);
      const result = judge(response.status, response.headers.get('retry-after'), Date.now());
      return result.kind === 'delivered'
        ? result
        : { ...result, reason: `${result.reason} ${answer}` };
    } catch (err) {
      return {
        kind: 'retry',
        reason: timeout.aborted ? `no answer in ${opts.timeoutMs} ms` : reasonOf(err),
      };
    }
  }

  return {
    push,
    running: () => running,
    /** Drops what close left waiting, counted and logged. */
    abandon(): void {
      if (queue.length === 0) return;
      queue.forEach(() => report('dropped'));
      log.warn({ abandoned: queue.length }, 'pending alert notifications abandoned at close');
      queue.length = 0;
    },
  };
}

function render(kind: Target['kind'], notice: AlertNotice): Delivery {
  const payload = kind === 'json' ? jsonPayload(notice) : slackPayload(notice);
  return {
    alert: notice.alert.id,
    transition: notice.transition,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'storepulse',
      'x-storepulse-delivery': deliveryKey(notice),
    },
    body: JSON.stringify(payload),
  };
}

/** fetch says "fetch failed" and keeps the useful part (ECONNREFUSED, ENOTFOUND) in `cause`. */
function reasonOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause as { code?: string; message?: string } | undefined;
  return cause ? `${err.message}: ${cause.code ?? cause.message}` : err.message;
}
