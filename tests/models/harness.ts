import { expect } from 'vitest';
import { DuckDbWarehouse } from '../../src/adapters/duckdb/warehouse.js';
import { MODELS_DIR } from '../../src/core/paths.js';
import type { QuarantineInput, SqlSession } from '../../src/core/ports.js';
import { buildBatch } from '../../src/process/batch.js';
import { loadProject } from '../../src/model/project.js';
import { DEFAULT_SETTINGS, type ModelSettings } from '../../src/model/context.js';
import { runModels, type RunOptions, type RunSummary } from '../../src/model/runner.js';
import { runTests, type TestSummary } from '../../src/model/test-runner.js';
import { logRecord, testPipeline } from '../records.js';

/**
 * A DuckDB warehouse in memory for model tests: events go in through the real pipeline
 * and commit path (as Segment payloads), the real models run over them. `asOf` is the
 * runner's "now" (UTC, ISO): recency, freshness and as_of_day are computed from it.
 */
export async function modelWarehouse(
  opts: { settings?: Partial<ModelSettings>; asOf?: string } = {},
) {
  let now = Date.parse(opts.asOf ?? '2026-06-30T23:59:59Z');
  const clock = { now: () => now };
  const warehouse = await DuckDbWarehouse.open(':memory:', clock);
  await warehouse.migrate();
  const session: SqlSession = await warehouse.openSession();
  const project = loadProject(MODELS_DIR);
  const settings = { ...DEFAULT_SETTINGS, ...opts.settings };
  let seq = 0;
  return {
    project,
    session,
    /** Commits Segment-style events as one micro-batch; returns what was quarantined. */
    async send(...events: Record<string, unknown>[]): Promise<QuarantineInput[]> {
      const records = events.map((e) => {
        seq += 1;
        return logRecord(seq, { messageId: `m${seq}`, ...e });
      });
      const batch = buildBatch(records, testPipeline, Date.now(), {
        consumer: 'silver',
        toSeq: seq,
      });
      await warehouse.commit(batch);
      return batch.quarantine;
    },
    setNow(iso: string): void {
      now = Date.parse(iso);
    },
    run: (o: RunOptions = {}): Promise<RunSummary> =>
      runModels({ session, project, settings, clock }, o),
    test: (select: string[] = []): Promise<TestSummary> =>
      runTests({ session, project, settings, clock }, { select }),
    rows: (sql: string, params: unknown[] = []) => session.queryRows(sql, params),
    /**
     * Runs the models (or `select`) and their data tests, and expects no model error and no
     * failing test. Warnings fail too, except on models outside `strict` when it is given.
     */
    async runGreen(o: RunOptions & { strict?: Set<string> } = {}): Promise<RunSummary> {
      const { strict, ...runOptions } = o;
      const run = await runModels({ session, project, settings, clock }, runOptions);
      expect(run.models.filter((m) => m.status === 'error')).toEqual([]);
      const tests = await runTests(
        { session, project, settings, clock },
        { select: runOptions.select ?? [] },
      );
      const warnAllowed = (model: string) => strict !== undefined && !strict.has(model);
      expect(
        tests.results.filter(
          (r) => r.status !== 'pass' && !(r.status === 'warn' && warnAllowed(r.model)),
        ),
      ).toEqual([]);
      return run;
    },
    async close(): Promise<void> {
      await session.close();
      await warehouse.close();
    },
  };
}

export type ModelWarehouse = Awaited<ReturnType<typeof modelWarehouse>>;

type Props = Record<string, unknown>;
const who = (user: string) => (user.startsWith('anon-') ? { anonymousId: user } : { userId: user });

/** A track event at `at` (ISO, UTC) by `user` (ids starting with anon- are anonymous). */
export function track(
  user: string,
  event: string,
  at: string,
  properties: Props = {},
  context: Props = {},
) {
  return { type: 'track', event, ...who(user), timestamp: at, properties, context };
}

export function page(user: string, at: string, context: Props = {}) {
  return {
    type: 'page',
    ...who(user),
    timestamp: at,
    context: { page: { path: '/' }, ...context },
  };
}

export function identify(user: string, at: string, traits: Props) {
  return { type: 'identify', ...who(user), timestamp: at, traits };
}

/** An Order Completed with product lines {id, price, quantity?}; revenue is their sum. */
export function order(
  user: string,
  at: string,
  orderId: string,
  lines: { id: string; price: string; quantity?: number; line_type?: string }[],
  extra: Props = {},
) {
  return track(user, 'Order Completed', at, {
    order_id: orderId,
    currency: 'USD',
    products: lines.map((l) => ({
      product_id: l.id,
      price: l.price,
      quantity: l.quantity ?? 1,
      ...(l.line_type ? { line_type: l.line_type } : {}),
    })),
    ...extra,
  });
}
