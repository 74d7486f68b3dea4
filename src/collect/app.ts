import { randomUUID } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { LogInput, LogWriter } from '../core/ports.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Metrics } from '../core/metrics.js';
import { HttpError, InfraError } from '../core/errors.js';
import { readBody } from './body.js';
import { createWriteKeyCheck, headerKey } from './auth.js';
import { createAdmission, type AdmissionOptions } from './admission.js';
import { rawInput, toLogInputs, type RequestMeta } from '../core/log-input.js';

export interface CollectorOptions extends AdmissionOptions {
  /** Write key to key id. */
  writeKeys: ReadonlyMap<string, string>;
  maxEventBytes: number;
  maxBatchEvents: number;
  maxBodyBytes: number;
}

const PATHS = ['batch', 'import', 'track', 'identify', 'page'] as const;
type Path = (typeof PATHS)[number];

/**
 * The Segment-compatible tracking API. A request is answered only after its events are
 * durable in the log; concurrent requests share one sync (the log group-commits).
 */
export function createCollector(
  deps: { log: LogWriter; clock: Clock; logger: Logger; metrics: Metrics },
  opts: CollectorOptions,
) {
  const m = deps.metrics.collector;
  const writeKeyId = createWriteKeyCheck(opts.writeKeys);
  const admission = createAdmission(opts, () => deps.log.stats().pendingBytes);
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof HttpError) {
      return c.json({ error: { code: err.code, message: err.message } }, err.status, err.headers);
    }
    if (err instanceof InfraError) {
      deps.logger.error({ err }, 'collector storage failure');
      return c.json(
        { error: { code: 'unavailable', message: 'storage is unavailable; retry later' } },
        503,
        {
          'Retry-After': '5',
        },
      );
    }
    deps.logger.error({ err }, 'collector internal error');
    return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
  });

  for (const path of PATHS) {
    app.post(`/v1/${path}`, measured(path), (c) => collect(c, path));
  }

  /** Counts every answer by status, and times the acknowledged ones (200 after the sync). */
  function measured(route: Path): MiddlewareHandler {
    return async (c, next) => {
      const started = performance.now();
      await next();
      m.requests.inc({ route, status: c.res.status });
      if (c.res.status === 200)
        m.ackSeconds.observe({ route }, (performance.now() - started) / 1000);
    };
  }

  /** Appends to the log; once it resolves the records are durable. */
  async function append(route: Path, inputs: LogInput[]) {
    const appended = await deps.log.append(inputs);
    m.acknowledged.inc({ route }, inputs.length);
    return appended;
  }

  async function collect(c: Context, path: Path): Promise<Response> {
    const route = path === 'import' ? 'batch' : path;
    const requestId = c.req.header('x-request-id') ?? randomUUID();
    c.header('X-Request-Id', requestId);
    const declared = Number(c.req.header('content-length') ?? opts.maxBodyBytes);
    const leave = admission.enter(
      headerKey(c.req.raw) ?? '',
      Math.min(declared || 0, opts.maxBodyBytes),
    );
    try {
      // A key in the headers is checked before the body is read: no work for a stranger.
      const knownKey = headerKey(c.req.raw) === undefined ? undefined : writeKeyId(c.req.raw);
      const body = await readBody(c.req.raw, opts.maxBodyBytes);
      const meta: RequestMeta = {
        receivedAt: deps.clock.now(),
        writeKeyId: '',
        requestId,
        source: path === 'import' ? 'import' : 'http',
      };
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch (e) {
        meta.writeKeyId = knownKey ?? writeKeyId(c.req.raw);
        m.received.inc({ route: path });
        await append(path, [rawInput(body, meta, 'malformed_json')]);
        throw new HttpError(
          400,
          'malformed_json',
          `the body is not valid JSON: ${(e as Error).message}`,
        );
      }
      const obj = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
        string,
        unknown
      >;
      meta.writeKeyId = knownKey ?? writeKeyId(c.req.raw, obj.writeKey);
      const items = route === 'batch' ? obj.batch : [{ type: route, ...obj }];
      const usable = Array.isArray(items) && typeof parsed === 'object' && parsed !== null;
      m.received.inc({ route: path }, usable ? items.length : 1);
      if (!usable) {
        await append(path, [rawInput(body, meta, 'schema_violation')]);
        throw new HttpError(
          400,
          'invalid_body',
          route === 'batch'
            ? 'a batch body is {"batch": [events]}'
            : 'the body must be a JSON object',
        );
      }
      if (items.length > opts.maxBatchEvents) {
        throw new HttpError(
          413,
          'batch_too_large',
          `a batch holds at most ${opts.maxBatchEvents} events`,
        );
      }
      if (typeof obj.sentAt === 'string' && route === 'batch') meta.sentAt = obj.sentAt;
      const { inputs, results } = toLogInputs(items, meta, opts.maxEventBytes);
      const { seqs } = await append(path, inputs);
      m.batchEvents.observe({ route: path }, inputs.length);
      results.forEach((r, i) => (r.seq = seqs[i]!));
      const quarantined = results.filter((r) => r.status === 'quarantined').length;
      return c.json({ success: true, stored: results.length - quarantined, quarantined, results });
    } finally {
      leave();
    }
  }

  return app;
}
