import { Delivery, emptyStats } from '../core/client/delivery.js';
import { HttpClient } from '../core/client/http.js';
import type { ImportItem, ImportSink } from './types.js';

export interface HttpSinkOptions {
  /** The running instance's base URL, e.g. http://127.0.0.1:8080. */
  url: string;
  writeKey: string;
  /** Requests in flight at once. */
  inFlight?: number;
}

// Under the collector's defaults (4 MiB bodies, 2,500 events a batch).
const MAX_BATCH_BYTES = 3 * 1024 * 1024;
const MAX_BATCH_EVENTS = 2000;

/** What the collector answered for the imported items. */
export interface HttpImportStats {
  requests: number;
  retries: number;
  /** Items acknowledged as stored in the log, and those it quarantined at once (oversized). */
  stored: number;
  quarantined: number;
  /** Lines that were not JSON, sent alone so the collector records them (a 400 is expected). */
  malformed: number;
  /** Items given up on after retries, or refused (a 4xx other than 429). */
  failed: number;
  /** The log sequence range the collector gave the stored items (0 when none). */
  firstSeq: number;
  lastSeq: number;
}

/**
 * Sends items to a running instance's `/v1/import` (Segment's batch API), a few requests at
 * once, retrying on 429, 5xx and network errors with the same messageIds, so a retry is never
 * stored twice. A raw item (not JSON) is posted alone, so the collector records it in
 * quarantine as `malformed_json`.
 */
export function httpSink(opts: HttpSinkOptions) {
  const inFlight = opts.inFlight ?? 4;
  const client = new HttpClient(
    new URL(opts.url),
    {
      Authorization: `Basic ${Buffer.from(`${opts.writeKey}:`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    inFlight,
  );
  const sendStats = emptyStats();
  const delivery = new Delivery(client, sendStats, true, undefined);
  const stats: HttpImportStats = {
    requests: 0,
    retries: 0,
    stored: 0,
    quarantined: 0,
    malformed: 0,
    failed: 0,
    firstSeq: 0,
    lastSeq: 0,
  };
  const running = new Set<Promise<void>>();

  async function post(batch: string[]): Promise<void> {
    const reply = await delivery.batch(batch, '/v1/import');
    stats.requests += 1;
    if (reply?.status !== 200) {
      stats.failed += batch.length;
      return;
    }
    const body = JSON.parse(reply.body) as {
      stored: number;
      quarantined: number;
      results: { seq: number }[];
    };
    stats.stored += body.stored;
    stats.quarantined += body.quarantined;
    for (const { seq } of body.results) {
      stats.firstSeq = stats.firstSeq === 0 ? seq : Math.min(stats.firstSeq, seq);
      stats.lastSeq = Math.max(stats.lastSeq, seq);
    }
  }

  async function launch(work: Promise<void>): Promise<void> {
    const p = work.finally(() => running.delete(p));
    running.add(p);
    while (running.size >= inFlight) await Promise.race(running);
  }

  const sink: ImportSink = {
    async send(items: ImportItem[]) {
      let batch: string[] = [];
      let bytes = 0;
      for (const item of items) {
        if (item.kind === 'raw') {
          await launch(delivery.raw(item.text).then(() => void (stats.malformed += 1)));
          continue;
        }
        const text = JSON.stringify(item.event);
        if (batch.length >= MAX_BATCH_EVENTS || bytes + text.length > MAX_BATCH_BYTES) {
          await launch(post(batch));
          batch = [];
          bytes = 0;
        }
        batch.push(text);
        bytes += text.length + 1;
      }
      if (batch.length > 0) await launch(post(batch));
    },
    async finish() {
      await Promise.all(running);
      stats.retries = sendStats.retries;
      client.close();
    },
  };
  return { sink, stats };
}
