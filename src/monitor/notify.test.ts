import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import {
  createNotifier,
  targetsFrom,
  type Notifier,
  type NotifyOptions,
  type Outcome,
  type Target,
} from './notify.js';
import { retryAfterMs } from '../core/retry-after.js';
import { backoffMs } from './notify/policy.js';
import type { Alert, AlertNotice, AlertTransition } from './types.js';

interface Hit {
  at: number;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Answer = (hit: Hit, index: number) => { status: number; headers?: Record<string, string> };
const HANG = Symbol('hang');

const servers: Server[] = [];
const notifiers: Notifier[] = [];

afterEach(async () => {
  await Promise.all(notifiers.splice(0).map((n) => n.close()));
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** A webhook receiver on a free loopback port that records what it gets and when. */
async function receiver(answer: (hit: Hit, index: number) => ReturnType<Answer> | typeof HANG) {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const hit = { at: performance.now(), url: req.url ?? '', headers: req.headers, body };
      hits.push(hit);
      const reply = answer(hit, hits.length - 1);
      if (reply === HANG) return;
      res.writeHead(reply.status, reply.headers).end(reply.status < 300 ? 'ok' : 'invalid_blocks');
    });
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/services/T000/SECRET`, hits };
}

const ok = () => ({ status: 200 });

function notifier(targets: Target[], opts: Partial<NotifyOptions> = {}, logger = silentLogger) {
  const outcomes: string[] = [];
  const onOutcome = (target: Target, outcome: Outcome) =>
    outcomes.push(`${target.kind}:${outcome}`);
  const created = createNotifier(targets, opts, { logger, onOutcome });
  notifiers.push(created);
  return { notifier: created, outcomes };
}

const ALERT: Alert = {
  id: 'al-1',
  check: 'lag',
  severity: 'critical',
  state: 'open',
  title: 'Processing lag',
  detail: 'oldest unprocessed record is 412 s old (critical at 300 s)',
  value: 412,
  unit: 's',
  openedAt: '2025-03-14T15:00:00.000Z',
  updatedAt: '2025-03-14T15:00:00.000Z',
  resolvedAt: null,
};

function notice(transition: AlertTransition, alert: Partial<Alert> = {}): AlertNotice {
  return {
    transition,
    alert: { ...ALERT, ...alert },
    instance: 'shop-eu',
    at: alert.updatedAt ?? ALERT.updatedAt,
    dashboardUrl: 'https://pulse.example.com/',
  };
}

const RESOLVED: Partial<Alert> = {
  state: 'resolved',
  updatedAt: '2025-03-14T15:12:00.000Z',
  resolvedAt: '2025-03-14T15:12:00.000Z',
};

function parsed(hit: Hit | undefined): Record<string, unknown> {
  return JSON.parse(hit?.body ?? 'null') as Record<string, unknown>;
}

describe('targetsFrom', () => {
  it('reads both lists, trimming spaces and skipping empty entries', () => {
    const targets = targetsFrom({
      webhooks: ' https://a.example/hook , http://b.example:8080/x,',
      slackWebhooks: 'https://hooks.slack.com/services/T/B/secret',
    });
    expect(targets).toEqual([
      { kind: 'json', url: 'https://a.example/hook' },
      { kind: 'json', url: 'http://b.example:8080/x' },
      { kind: 'slack', url: 'https://hooks.slack.com/services/T/B/secret' },
    ]);
    expect(targetsFrom({ webhooks: '', slackWebhooks: '' })).toEqual([]);
  });

  it('rejects every bad entry at once, by position, without echoing a possible secret', () => {
    const call = () =>
      targetsFrom({
        webhooks: 'https://ok.example,hooks.example/x',
        slackWebhooks: 'ftp://s/secret',
      });
    expect(call).toThrow(ConfigError);
    expect(call).toThrow(
      'monitor.webhooks (STOREPULSE_ALERT_WEBHOOKS) entry 2 is not an absolute URL',
    );
    expect(call).toThrow('monitor.slackWebhooks (STOREPULSE_SLACK_WEBHOOKS) entry 1 uses ftp:');
    expect(call).not.toThrow(/secret|hooks\.example/);
  });
});

describe('retry policy', () => {
  it('doubles from the base with equal jitter, capped', () => {
    const opts = { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 60_000 };
    expect([1, 2, 3].map((n) => backoffMs(n, opts, () => 0))).toEqual([500, 1000, 2000]);
    expect([1, 2, 3].map((n) => backoffMs(n, opts, () => 1))).toEqual([1000, 2000, 4000]);
    expect(backoffMs(10, opts, () => 1)).toBe(60_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-03-14T15:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Fri, 14 Mar 2025 15:00:10 GMT', now)).toBe(10_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});

describe('createNotifier', () => {
  it('posts the generic payload with the delivery key', async () => {
    const hook = await receiver(ok);
    const { notifier: n, outcomes } = notifier([{ kind: 'json', url: hook.url }]);
    n.notify(notice('opened'));
    await n.idle();
    expect(hook.hits).toHaveLength(1);
    expect(hook.hits[0]!.url).toBe('/services/T000/SECRET');
    expect(hook.hits[0]!.headers['content-type']).toBe('application/json');
    expect(hook.hits[0]!.headers['x-storepulse-delivery']).toBe(
      'al-1:opened:2025-03-14T15:00:00.000Z',
    );
    expect(parsed(hook.hits[0])).toEqual({
      version: 1,
      transition: 'opened',
      instance: 'shop-eu',
      at: '2025-03-14T15:00:00.000Z',
      dashboardUrl: 'https://pulse.example.com/',
      // The whole alert, every field as the monitor stored it.
      alert: ALERT,
    });
    expect(outcomes).toEqual(['json:delivered']);
  });

  it('retries 5xx with growing backoff and the same delivery until it lands', async () => {
    const hook = await receiver((_, i) => ({ status: i < 2 ? 500 : 200 }));
    const { notifier: n, outcomes } = notifier([{ kind: 'json', url: hook.url }], {
      baseDelayMs: 100,
    });
    n.notify(notice('opened'));
    await n.idle();
    expect(hook.hits).toHaveLength(3);
    expect(new Set(hook.hits.map((h) => h.body)).size).toBe(1);
    expect(new Set(hook.hits.map((h) => h.headers['x-storepulse-delivery'])).size).toBe(1);
    const [first, second, third] = hook.hits.map((h) => h.at) as [number, number, number];
    // Waits are 50-100 ms, then 100-200 ms; the upper bounds leave room for a busy machine.
    expect(second - first).toBeGreaterThanOrEqual(45);
    expect(third - second).toBeGreaterThanOrEqual(95);
    expect(third - first).toBeLessThan(1500);
    expect(outcomes).toEqual(['json:retried', 'json:retried', 'json:delivered']);
  });

  it('does not retry a 4xx refusal, and logs the host but never the URL', async () => {
    const hook = await receiver(() => ({ status: 400 }));
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
    const { notifier: n, outcomes } = notifier([{ kind: 'slack', url: hook.url }], {}, logger);
    n.notify(notice('opened'));
    await n.idle();
    expect(hook.hits).toHaveLength(1);
    expect(outcomes).toEqual(['slack:failed']);
    const log = lines.join('');
    expect(log).toContain('refused, not retried');
    expect(log).toContain('HTTP 400 invalid_blocks');
    expect(log).toContain(`"host":"${new URL(hook.url).host}"`);
    expect(log).not.toContain('SECRET');
  });

  it('honours Retry-After on 429, capped at the longest wait', async () => {
    const hook = await receiver((_, i) =>
      i === 0 ? { status: 429, headers: { 'retry-after': '30' } } : { status: 200 },
    );
    const { notifier: n, outcomes } = notifier([{ kind: 'json', url: hook.url }], {
      baseDelayMs: 5,
      maxDelayMs: 300,
    });
    n.notify(notice('opened'));
    await n.idle();
    const gap = hook.hits[1]!.at - hook.hits[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(295); // the backoff alone would be under 5 ms
    expect(gap).toBeLessThan(1500); // not the 30 s asked for
    expect(outcomes).toEqual(['json:retried', 'json:delivered']);
  });

  it('times out a receiver that hangs and tries again', async () => {
    const hook = await receiver((_, i) => (i === 0 ? HANG : { status: 200 }));
    const { notifier: n, outcomes } = notifier([{ kind: 'json', url: hook.url }], {
      timeoutMs: 200,
      baseDelayMs: 10,
    });
    const started = performance.now();
    n.notify(notice('opened'));
    await n.idle();
    expect(hook.hits).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    expect(outcomes).toEqual(['json:retried', 'json:delivered']);
  });

  it('sends Slack messages whose wording follows the transition', async () => {
    const slack = await receiver(ok);
    const { notifier: n } = notifier([{ kind: 'slack', url: slack.url }]);
    n.notify(notice('opened', { severity: 'warning', detail: 'lag <5 min> & rising' }));
    n.notify(notice('escalated', { updatedAt: '2025-03-14T15:05:00.000Z' }));
    n.notify(notice('resolved', RESOLVED));
    await n.idle();
    const [opened, escalated, resolved] = slack.hits.map((h) => JSON.parse(h.body) as SlackMessage);

    expect(opened!.text).toBe('WARNING [shop-eu] Processing lag: lag &lt;5 min&gt; &amp; rising');
    expect(opened!.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
    expect(opened!.blocks[0]!.text).toEqual({
      type: 'plain_text',
      text: ':warning: WARNING: Processing lag',
      emoji: true,
    });
    expect(opened!.blocks[1]!.text?.text).toBe('lag &lt;5 min&gt; &amp; rising\n*Value:* 412 s');
    expect(opened!.blocks[2]!.elements?.map((e) => e.text)).toEqual([
      '*Check:* `lag`',
      '*Instance:* shop-eu',
      '*Opened:* 2025-03-14 15:00:00 UTC',
      '<https://pulse.example.com/|Open the dashboard>',
    ]);

    expect(escalated!.blocks[0]!.text?.text).toBe(
      ':rotating_light: ESCALATED TO CRITICAL: Processing lag',
    );

    expect(resolved!.text).toMatch(/^RESOLVED \[shop-eu\] Processing lag/);
    expect(resolved!.blocks[0]!.text?.text).toBe(':white_check_mark: RESOLVED: Processing lag');
    expect(resolved!.blocks[1]!.text?.text).toBe(
      '*Cleared* after 12 min. Last critical reading: oldest unprocessed record is 412 s old' +
        ' (critical at 300 s) (412 s)',
    );
    expect(resolved!.blocks[2]!.elements?.map((e) => e.text)).toContain(
      '*Resolved:* 2025-03-14 15:12:00 UTC',
    );
  });

  it('keeps each target in order, and one target down delays no other', async () => {
    const hook = await receiver((_, i) => ({ status: i === 0 ? 503 : 200 }));
    const dead = await receiver(() => HANG);
    const { notifier: n, outcomes } = notifier(
      [
        { kind: 'slack', url: dead.url },
        { kind: 'json', url: hook.url },
      ],
      { timeoutMs: 3000, baseDelayMs: 50 },
    );
    const started = performance.now();
    n.notify(notice('opened'));
    n.notify(notice('resolved', RESOLVED));
    await vi.waitFor(() => expect(outcomes.filter((o) => o === 'json:delivered')).toHaveLength(2), {
      timeout: 2500,
      interval: 5,
    });
    expect(performance.now() - started).toBeLessThan(3000); // the dead target has not timed out yet
    expect(hook.hits.map((h) => parsed(h).transition)).toEqual(['opened', 'opened', 'resolved']);
    expect(dead.hits).toHaveLength(1);

    await n.close();
    // The dead target's request in flight and the one behind it are abandoned, counted.
    expect(outcomes.filter((o) => o.startsWith('slack:'))).toEqual([
      'slack:dropped',
      'slack:dropped',
    ]);
    n.notify(notice('opened'));
    expect(outcomes.slice(-2)).toEqual(['slack:dropped', 'json:dropped']);
  });

  it('returns from notify at once while a target hangs; close does not wait for it', async () => {
    const dead = await receiver(() => HANG);
    const { notifier: n } = notifier([{ kind: 'json', url: dead.url }]);
    const started = performance.now();
    for (let i = 0; i < 20; i++)
      expect(n.notify(notice('opened', { id: `al-${i}` }))).toBeUndefined();
    const took = performance.now() - started;
    expect(took).toBeLessThan(250); // the default timeout is 5 s
    await vi.waitFor(() => expect(dead.hits).toHaveLength(1));
    const closing = performance.now();
    await n.close();
    expect(performance.now() - closing).toBeLessThan(1000);
  });

  it('drops the oldest waiting delivery when the queue is full', async () => {
    const hook = await receiver((_, i) => (i === 0 ? HANG : { status: 200 }));
    const { notifier: n, outcomes } = notifier([{ kind: 'json', url: hook.url }], {
      timeoutMs: 200,
      baseDelayMs: 10,
      maxPending: 2,
    });
    for (const id of ['n1', 'n2', 'n3', 'n4', 'n5']) n.notify(notice('opened', { id }));
    // n1 is in flight; n2 and n3 waited and made room for n4 and n5.
    expect(outcomes).toEqual(['json:dropped', 'json:dropped']);
    await n.idle();
    expect(hook.hits.map((h) => (parsed(h).alert as Alert).id)).toEqual(['n1', 'n1', 'n4', 'n5']);
  });

  it('never throws from notify, even for a notice it cannot render', async () => {
    const hook = await receiver(ok);
    const { notifier: n, outcomes } = notifier([{ kind: 'json', url: hook.url }]);
    const bad = notice('opened', { value: 1n as unknown as number });
    expect(() => n.notify(bad)).not.toThrow();
    expect(outcomes).toEqual(['json:dropped']);
    await n.idle();
    expect(hook.hits).toHaveLength(0);
  });
});

interface SlackMessage {
  text: string;
  blocks: { type: string; text?: { type: string; text: string }; elements?: { text: string }[] }[];
}
