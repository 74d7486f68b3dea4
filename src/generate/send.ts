import type { WireItem } from './anomalies.js';
import { Delivery, emptyStats, pause, type SendStats } from '../core/client/delivery.js';
import type { Generator } from './generator.js';
import { HttpClient } from '../core/client/http.js';

export type { SendStats };

export interface SendOptions {
  /** The collector's base URL, e.g. http://127.0.0.1:8080. */
  url: string;
  writeKey: string;
  /** Events per second. */
  rate: number;
  /** Most events per /v1/batch request (default 100). */
  batchSize?: number;
  durationMs?: number;
  count?: number;
  gzip?: boolean;
  generator: Generator;
  signal?: AbortSignal;
  onProgress?: (stats: SendStats) => void;
}

// Segment's tracking API takes batches up to 500 KB; leave room for the envelope.
const MAX_BATCH_BYTES = 490 * 1024;
const MAX_IN_FLIGHT = 4;

/**
 * A Segment-style batching client paced to `rate` items per second. Stops after `count` items,
 * `durationMs` or the abort signal, whichever comes first, then waits for requests in flight.
 */
export async function sendToCollector(options: SendOptions): Promise<SendStats> {
  checkSendOptions(options);
  const { rate, signal, count, durationMs, generator } = options;
  // The shoppers' pace must match ours, or live timestamps drift off the wall clock.
  generator.pace?.(rate);
  const stats = emptyStats();
  const client = new HttpClient(
    new URL(options.url),
    {
      Authorization: `Basic ${Buffer.from(`${options.writeKey}:`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    MAX_IN_FLIGHT,
  );
  const delivery = new Delivery(client, stats, options.gzip === true, signal);
  const lanes = new Lanes(MAX_IN_FLIGHT, () => options.onProgress?.({ ...stats }));
  const pacer = new Pacer(rate);
  // Small rates send small batches about four times a second rather than one large one rarely.
  const perRequest = Math.max(1, Math.min(options.batchSize ?? 100, Math.ceil(rate / 4)));
  const started = Date.now();
  const left = () => (count === undefined ? Infinity : count - stats.sent);
  const finished = () =>
    signal?.aborted === true ||
    left() <= 0 ||
    (durationMs !== undefined && Date.now() - started >= durationMs);
  try {
    while (!finished()) {
      await pause(Math.max(pacer.due(), delivery.holdUntil) - Date.now(), signal);
      if (finished()) break;
      const items = take(generator, Math.min(perRequest, left()));
      stats.sent += items.length;
      pacer.taken(items.length);
      for (const send of requests(items, delivery)) await lanes.run(send);
    }
    await lanes.drain();
  } finally {
    client.close();
  }
  return { ...stats };
}

/** When the next items are due at `rate` per second. */
class Pacer {
  private start = Date.now();
  private count = 0;

  constructor(private readonly rate: number) {}

  due(): number {
    return this.start + (this.count * 1000) / this.rate;
  }

  taken(n: number): void {
    this.count += n;
    // After a stall (a slow collector, a Retry-After) resume the pace instead of bursting.
    if (Date.now() - this.due() > 1000) {
      this.start = Date.now();
      this.count = 0;
    }
  }
}

/** Runs at most `limit` requests at once. */
class Lanes {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly limit: number,
    private readonly onDone: () => void,
  ) {}

  async run(send: () => Promise<void>): Promise<void> {
    while (this.running.size >= this.limit) await Promise.race(this.running);
    const task: Promise<void> = send().finally(() => {
      this.running.delete(task);
      this.onDone();
    });
    this.running.add(task);
  }

  async drain(): Promise<void> {
    await Promise.all(this.running);
  }
}

function take(generator: Generator, n: number): WireItem[] {
  return Array.from({ length: n }, () => generator.next());
}

/** Raw bodies go alone to /v1/track; events are packed into batches under the size limit. */
function requests(items: readonly WireItem[], delivery: Delivery): (() => Promise<void>)[] {
  const out: (() => Promise<void>)[] = [];
  let batch: string[] = [];
  let bytes = 0;
  const flush = () => {
    const events = batch;
    if (events.length > 0) out.push(async () => void (await delivery.batch(events)));
    batch = [];
    bytes = 0;
  };
  for (const item of items) {
    if (item.kind === 'raw') {
      out.push(() => delivery.raw(item.body));
      continue;
    }
    const json = JSON.stringify(item.event);
    const size = Buffer.byteLength(json) + 1;
    if (bytes + size > MAX_BATCH_BYTES) flush();
    batch.push(json);
    bytes += size;
  }
  flush();
  return out;
}

function checkSendOptions(options: SendOptions): void {
  const problems: string[] = [];
  if (!(Number.isFinite(options.rate) && options.rate > 0)) problems.push('rate must be positive');
  const { batchSize, count, durationMs } = options;
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1)) {
    problems.push('batchSize must be a positive integer');
  }
  if (count !== undefined && !(Number.isInteger(count) && count >= 0)) {
    problems.push('count must be a non-negative integer');
  }
  if (durationMs !== undefined && !(durationMs >= 0)) problems.push('durationMs must be >= 0');
  if (!URL.canParse(options.url)) problems.push(`url is not a URL: ${options.url}`);
  if (problems.length > 0) throw new RangeError(problems.join('; '));
}
