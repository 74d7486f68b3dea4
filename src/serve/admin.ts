import { Hono } from 'hono';
import type { StatusReport } from './status.js';
import type { QuarantineRow, ReplaySummary } from '../core/ports.js';
import type { RunOptions, RunSummary } from '../model/runner.js';
import type { TestSummary } from '../model/test-runner.js';
import type { RunRecord } from '../model/service.js';
import type { Alert, HealthReport } from '../monitor/types.js';
import type { RecordsOutcome } from './outcome.js';

export interface AdminSource {
  status(): Promise<StatusReport>;
  quarantine(filter: { reason?: string | undefined; limit: number }): Promise<QuarantineRow[]>;
  replay(filter: { reason?: string | undefined; limit: number }): Promise<ReplaySummary>;
  runModels(opts: RunOptions): Promise<RunSummary>;
  testModels(opts: { select?: string[] }): Promise<TestSummary>;
  modelRuns(limit: number): Promise<RunRecord[]>;
  /** The newest health report; `run` runs the checks first (as `storepulse monitor` does). */
  health(opts: { run: boolean }): Promise<HealthReport>;
  alerts(limit: number): Promise<Alert[]>;
  /** What became of log records fromSeq..toSeq (an import's), and how far processing is. */
  records(fromSeq: number, toSeq: number): Promise<RecordsOutcome>;
}

const selectorsOf = (v: string | undefined) => (v ? v.split(/[\s,]+/).filter(Boolean) : []);

const limitOf = (v: string | undefined) => Math.min(Math.max(Number(v ?? 100) || 100, 1), 100_000);

/** Liveness and the operator's API, used by `storepulse status` and `quarantine`. */
export function createAdmin(source: AdminSource) {
  const app = new Hono();
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
  app.post('/admin/v1/models/run', async (c) =>
    c.json(
      await source.runModels({
        select: selectorsOf(c.req.query('select')),
        fullRefresh: c.req.query('full_refresh') === 'true',
        trigger: 'admin',
      }),
    ),
  );
  app.post('/admin/v1/models/test', async (c) =>
    c.json(await source.testModels({ select: selectorsOf(c.req.query('select')) })),
  );
  app.get('/admin/v1/models/runs', async (c) =>
    c.json(await source.modelRuns(limitOf(c.req.query('limit')))),
  );
  app.get('/admin/v1/health', async (c) => c.json(await source.health({ run: false })));
  app.post('/admin/v1/monitor/run', async (c) => c.json(await source.health({ run: true })));
  app.get('/admin/v1/records', async (c) => {
    const [from, to] = [Number(c.req.query('from')), Number(c.req.query('to'))];
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from) {
      const message = 'from and to must be sequence numbers, from <= to';
      return c.json({ error: { code: 'bad_request', message } }, 400);
    }
    return c.json(await source.records(from, to));
  });
  app.get('/admin/v1/alerts', async (c) =>
    c.json(await source.alerts(limitOf(c.req.query('limit')))),
  );
  return app;
}
