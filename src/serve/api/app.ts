import { Hono } from 'hono';
import { HttpError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { compile, type ApiContext, type Endpoint } from './endpoint.js';
import { openApiDocument } from './openapi.js';
import { ENDPOINTS } from './endpoints/index.js';
import type { LiveFeed } from './stream.js';
import { streamResponse } from './stream.js';

export const API_VERSION = '1.0.0';

/** The dashboard's JSON API, /api/v1/*, with its OpenAPI file at /api/v1/openapi.json. */
export function createApi(
  ctx: ApiContext,
  feed: LiveFeed,
  logger: Logger,
  endpoints: readonly Endpoint[] = ENDPOINTS,
) {
  const app = new Hono();
  app.onError((err, c) => {
    if (err instanceof HttpError) {
      return c.json({ error: { code: err.code, message: err.message } }, err.status, err.headers);
    }
    logger.error({ err, path: c.req.path }, 'dashboard API failure');
    return c.json({ error: { code: 'internal', message: err.message } }, 500);
  });
  const doc = openApiDocument(endpoints, API_VERSION);
  app.get('/api/v1/openapi.json', (c) => c.json(doc));
  app.get('/api/v1/stream', (c) => streamResponse(c, feed));
  for (const e of endpoints) {
    const check = compile(e);
    app.get(`/api/v1${e.path}`, async (c) => {
      const params = check.params(c.req.query());
      const body = await e.handle(params as never, ctx);
      check.response(body);
      return c.json(body);
    });
  }
  app.all('/api/*', (c) =>
    c.json(
      { error: { code: 'not_found', message: `no endpoint ${c.req.method} ${c.req.path}` } },
      404,
    ),
  );
  return app;
}
