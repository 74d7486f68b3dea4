import { Hono } from 'hono';
import type { StatusReport } from './status.js';
import type { QuarantineRow, ReplaySummary } from '../core/ports.js';

export interface AdminSource {
  status(): Promise<StatusReport>;
  quarantine(filter: { reason?: string | undefined; limit: number }): Promise<QuarantineRow[]>;
  replay(filter: { reason?: string | undefined; limit: number }): Promise<ReplaySummary>;
}

const limitOf = (v: string | undefined) => Math.min(Math.max(Number(v ?? 100) || 100, 1), 100_000);

/** Liveness and the operator's API, used by `storepulse status` and `quarantine`. */
export function createAdmin(source: AdminSource) {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/admin/v1/status', async (c) => c.json(await source.status()));
  app.get('/admin/v1/quarantine', async (c) =>
    c.json(
      await source.quarantine({
        reason: c.req.query('reason'),
        limit: limitOf(c.req.query('limit')),
      }),
    ),
  );
  app.post('/admin/v1/quarantine/replay', async (c) =>
    c.json(
      await source.replay({ reason: c.req.query('reason'), limit: limitOf(c.req.query('limit')) }),
    ),
  );
  return app;
}
