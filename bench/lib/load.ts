import { Agent, request } from 'node:http';

/**
 * A load process: keep-alive connections posting batches of unique, valid events to
 * /v1/batch, recording every acknowledged messageId and each request's ack latency.
 */
export interface LoadOptions {
  url: string;
  writeKey: string;
  connections: number;
  batchSize: number;
  /** Target events per second over all connections; 0 = as fast as acknowledged. */
  rate: number;
  durationMs: number;
  idPrefix: string;
  /** Keep the acknowledged ids (crash tests); off for long benchmarks. */
  keepIds?: boolean;
  signal?: AbortSignal;
}

export interface LoadResult {
  sent: number;
  acknowledged: number;
  failed: number;
  ackedIds: string[];
  latenciesMs: number[];
  elapsedMs: number;
}

const UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

function eventJson(id: string, i: number, ts: string): string {
  return (
    `{"type":"track","event":"Product Viewed","messageId":"${id}","anonymousId":"anon-${i % 5000}",` +
    `"timestamp":"${ts}","context":{"userAgent":"${UA}","page":{"path":"/p/${i % 300}"}},` +
    `"properties":{"product_id":"sku-${i % 300}","price":${(i % 300) + 0.99},"currency":"USD"}}`
  );
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.connections });
  const url = new URL(o.url);
  const auth = `Basic ${Buffer.from(`${o.writeKey}:`).toString('base64')}`;
  const res: LoadResult = {
    sent: 0,
    acknowledged: 0,
    failed: 0,
    ackedIds: [],
    latenciesMs: [],
    elapsedMs: 0,
  };
  const started = performance.now();
  const deadline = started + o.durationMs;
  let counter = 0;

  const post = (body: string) =>
    new Promise<number>((resolve) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/v1/batch',
          method: 'POST',
          agent,
          headers: {
            authorization: auth,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (r) => {
          r.resume();
          r.on('end', () => resolve(r.statusCode ?? 0));
          r.on('error', () => resolve(0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(body);
    });

  async function worker(): Promise<void> {
    while (performance.now() < deadline && !o.signal?.aborted) {
      if (o.rate > 0) {
        const due = started + (counter / o.rate) * 1000;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const ids: string[] = [];
      const ts = new Date().toISOString();
      const parts: string[] = [];
      for (let k = 0; k < o.batchSize; k++) {
        const i = counter++;
        const id = `${o.idPrefix}-${i}`;
        ids.push(id);
        parts.push(eventJson(id, i, ts));
      }
      const t0 = performance.now();
      res.sent += ids.length;
      const status = await post(`{"sentAt":"${ts}","batch":[${parts.join(',')}]}`);
      if (status === 200) {
        res.acknowledged += ids.length;
        res.latenciesMs.push(performance.now() - t0);
        if (o.keepIds) res.ackedIds.push(...ids);
      } else {
        res.failed += ids.length;
        // A client backs off when the server is gone or refuses.
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  await Promise.all(Array.from({ length: o.connections }, worker));
  res.elapsedMs = performance.now() - started;
  agent.destroy();
  return res;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
