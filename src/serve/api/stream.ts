import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Logger } from '../../core/logger.js';
import { toSqlTimestamp } from '../../core/time.js';
import { iso, isoOrNull } from './endpoint.js';
import type { Cell, DashboardReads, Row } from './reads.js';

/** One push to every dashboard: the last seconds' live counters and the newest events. */
export interface LiveTick {
  at: string;
  seconds: LiveSecond[];
  events: LiveEvent[];
}
export interface LiveSecond {
  at: string;
  events: number;
  orders: number;
  netRevenue: string;
}
export interface LiveEvent {
  seq: number;
  at: string;
  receivedAt: string;
  type: string;
  userKey: string;
  productId: string | null;
  productName: string | null;
  orderId: string | null;
  revenue: string | null;
  currency: string | null;
  country: string | null;
  device: string | null;
  path: string | null;
}

export interface LiveFeed {
  /** Calls `listener` with every tick and `onEnd` when the feed closes; returns unsubscribe. */
  subscribe(listener: (tick: LiveTick) => void, onEnd: () => void): () => void;
}

/** How many seconds of counters each tick repeats: late events still update recent buckets. */
const RESEND_SECONDS = 30;
const TAIL_LIMIT = 200;
const BACKLOG = 50;

/**
 * Polls the warehouse for new events and counters while anyone listens, once for all
 * listeners, and pushes each result to them. The counters and silver rows commit in one
 * transaction, so a purchase shows in both at once, at most one interval after its commit.
 */
export function createLiveFeed(
  reads: DashboardReads,
  opts: { intervalMs: number; now(): number },
  logger: Logger,
): LiveFeed & { close(): void } {
  /** Each listener and whether it has had its first tick, which carries the recent backlog. */
  const listeners = new Map<(tick: LiveTick) => void, { onEnd: () => void; joined: boolean }>();
  let timer: NodeJS.Timeout | null = null;
  let lastSeq: number | null = null;
  let running = false;

  /** The counters of the last seconds and the events stored after `afterSeq`, oldest first. */
  async function tick(afterSeq: number): Promise<LiveTick> {
    const since = toSqlTimestamp(opts.now() - RESEND_SECONDS * 1000);
    const [seconds, tail] = await Promise.all([
      reads.read('live_seconds', [since]),
      reads.read('live_tail', [afterSeq, TAIL_LIMIT]),
    ]);
    return {
      at: new Date(opts.now()).toISOString(),
      seconds: seconds.map((r) => ({
        at: iso(r.bucket_at),
        events: Number(r.events),
        orders: Number(r.orders),
        netRevenue: String(r.net_revenue),
      })),
      events: tail.map(toLiveEvent).reverse(),
    };
  }

  /**
   * One read for everybody: listeners that joined since the last poll get the recent backlog
   * the others already saw, the others only what is new. One query serves both, so nobody
   * misses or repeats an event whatever the order in which polls and joins happen.
   */
  async function poll(): Promise<void> {
    if (running) return;
    running = true;
    try {
      if (lastSeq === null) {
        const [row] = await reads.read('live_last_seq', []);
        lastSeq = Math.max(0, Number(row?.seq ?? 0) - BACKLOG);
      }
      const seen = lastSeq;
      const joining = [...listeners].filter(([, s]) => !s.joined).map(([l]) => l);
      const next = await tick(joining.length > 0 ? Math.max(0, seen - BACKLOG) : seen);
      if (next.events.length > 0) lastSeq = Math.max(seen, next.events.at(-1)!.seq);
      const fresh = { ...next, events: next.events.filter((e) => e.seq > seen) };
      for (const [listener, state] of listeners) {
        if (state.joined) listener(fresh);
        else if (joining.includes(listener)) {
          state.joined = true;
          listener(next);
        }
      }
    } catch (err) {
      logger.warn({ err }, 'live feed poll failed');
    } finally {
      running = false;
    }
  }

  return {
    subscribe(listener, onEnd) {
      listeners.set(listener, { onEnd, joined: false });
      timer ??= setInterval(() => void poll(), opts.intervalMs);
      void poll();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
          lastSeq = null;
        }
      };
    },
    close() {
      if (timer) clearInterval(timer);
      timer = null;
      for (const { onEnd } of listeners.values()) onEnd();
      listeners.clear();
    },
  };
}

function toLiveEvent(r: Row): LiveEvent {
  const text = (v: Cell | undefined) => (v == null ? null : String(v));
  return {
    seq: Number(r.seq),
    at: iso(r.event_at),
    receivedAt: isoOrNull(r.received_at) ?? iso(r.event_at),
    type: String(r.event_type),
    userKey: String(r.user_key),
    productId: text(r.product_id),
    productName: text(r.product_name),
    orderId: text(r.order_id),
    revenue: text(r.revenue),
    currency: text(r.currency),
    country: text(r.country),
    device: text(r.device_type),
    path: text(r.page_path),
  };
}

/** GET /api/v1/stream: each tick as an SSE `tick` event until the client goes away. */
export function streamResponse(c: Context, feed: LiveFeed): Response {
  return streamSSE(c, async (stream) => {
    let unsubscribe = () => {};
    const done = new Promise<void>((resolve) => {
      stream.onAbort(() => resolve());
      unsubscribe = feed.subscribe((tick) => {
        void stream.writeSSE({ event: 'tick', data: JSON.stringify(tick) }).catch(() => resolve());
      }, resolve);
    });
    await done;
    unsubscribe();
  });
}
