import type { Endpoint } from './endpoint.js';

/** The OpenAPI 3.1 document of the endpoints, built from the same schemas that validate them. */
export function openApiDocument(endpoints: readonly Endpoint[], version: string) {
  const paths: Record<string, unknown> = {};
  for (const e of endpoints) {
    const params = e.params.properties as Record<string, Record<string, unknown>>;
    paths[`/api/v1${e.path}`] = {
      get: {
        summary: e.summary,
        description: e.description,
        parameters: Object.entries(params).map(([name, schema]) => ({
          name,
          in: 'query',
          required: (e.params.required ?? []).includes(name),
          description: schema.description,
          schema,
        })),
        responses: {
          200: { description: 'OK', content: { 'application/json': { schema: e.response } } },
          400: errorResponse('a parameter is invalid'),
          401: errorResponse('the access token is missing or wrong'),
        },
      },
    };
  }
  paths['/api/v1/stream'] = {
    get: {
      summary: 'Live updates (Server-Sent Events)',
      description:
        'A text/event-stream. `second` events carry the per-second live counters of the last seconds (revenue, orders, events); `events` carry the newest stored events, oldest first. See docs/dashboard.md.',
      responses: { 200: { description: 'an event stream', content: { 'text/event-stream': {} } } },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'storepulse dashboard API',
      version,
      description:
        'Read-only JSON over the analytics marts. Days are local to the reporting time zone (see /api/v1/meta); instants are UTC; money is a decimal string.',
    },
    components: {
      securitySchemes: { token: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: { code: { type: 'string' }, message: { type: 'string' } },
              required: ['code', 'message'],
            },
          },
          required: ['error'],
        },
      },
    },
    security: [{ token: [] }],
    paths,
  };
}

function errorResponse(description: string) {
  return {
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
}
