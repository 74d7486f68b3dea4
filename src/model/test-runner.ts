import type { SqlSession } from '../core/ports.js';
import type { Clock } from '../core/clock.js';
import { toSqlTimestamp } from '../core/time.js';
import type { Project } from './project.js';
import { selectModels } from './dag.js';
import { collectTests, type DataTest } from './datatests.js';
import { BEGINNING, currentWatermark, setRunContext, type ModelSettings } from './context.js';
import { newRunId } from './runner.js';

export type TestStatus = 'pass' | 'warn' | 'fail' | 'error';

export interface TestResult {
  name: string;
  model: string;
  column: string | null;
  type: string;
  severity: 'warn' | 'error';
  status: TestStatus;
  failures: number;
  sample: Record<string, unknown>[];
  durationMs: number;
  error?: string;
}

export interface TestSummary {
  runId: string;
  status: 'pass' | 'warn' | 'fail';
  results: TestResult[];
}

const SAMPLE_ROWS = 5;

/**
 * Runs the data tests of the selected models, each a count of failing rows and, when any
 * fail, a sample of them; every result goes to ops_test_results. A warn-severity failure
 * warns; an error-severity failure or a test that cannot run fails the run.
 */
export async function runTests(
  deps: { session: SqlSession; project: Project; settings: ModelSettings; clock: Clock },
  opts: { select?: string[]; trigger?: string } = {},
): Promise<TestSummary> {
  const { session, project, settings, clock } = deps;
  const asOf = clock.now();
  const runId = newRunId(asOf);
  const tests = collectTests(project, selectModels(project.models, opts.select ?? []));
  await session.exec(
    'insert into ops_runs (run_id, kind, trigger, started_at, status, selected) values ($1, $2, $3, $4, $5, $6)',
    [runId, 'tests', opts.trigger ?? 'manual', toSqlTimestamp(asOf), 'running', tests.length],
  );
  await setRunContext(session, settings, {
    asOf,
    windowStart: BEGINNING,
    watermark: await testedWatermark(session),
  });
  const results: TestResult[] = [];
  for (const test of tests) {
    const result = await runOne(session, test);
    await record(session, runId, asOf, result);
    results.push(result);
  }
  const count = (...s: TestStatus[]) => results.filter((r) => s.includes(r.status)).length;
  const status = count('fail', 'error') > 0 ? 'fail' : count('warn') > 0 ? 'warn' : 'pass';
  await session.exec(
    'update ops_runs set finished_at = $2, status = $3, succeeded = $4, failed = $5, skipped = $6 where run_id = $1',
    [
      runId,
      toSqlTimestamp(clock.now()),
      status,
      count('pass'),
      count('fail', 'error'),
      count('warn'),
    ],
  );
  return { runId, status, results };
}

async function runOne(session: SqlSession, test: DataTest): Promise<TestResult> {
  const started = performance.now();
  const base = { ...test, sample: [], failures: 0 };
  try {
    const [row] = await session.queryRows(`select count(*) as n from (${test.sql}) failing`);
    const failures = Number(row?.n ?? 0);
    const sample =
      failures > 0
        ? await session.queryRows(`select * from (${test.sql}) failing limit ${SAMPLE_ROWS}`)
        : [];
    const status: TestStatus = failures === 0 ? 'pass' : test.severity === 'warn' ? 'warn' : 'fail';
    return { ...base, status, failures, sample, durationMs: performance.now() - started };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    return { ...base, status: 'error', durationMs: performance.now() - started, error };
  }
}

async function record(session: SqlSession, runId: string, asOf: number, r: TestResult) {
  await session.exec(
    `insert into ops_test_results
       (run_id, test_name, model, column_name, test_type, severity, status, failures, sample, error, started_at, duration_ms)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      runId,
      r.name,
      r.model,
      r.column,
      r.type,
      r.severity,
      r.status,
      r.failures,
      r.sample.length > 0 ? JSON.stringify(r.sample) : null,
      r.error ?? null,
      toSqlTimestamp(asOf),
      Math.round(r.durationMs),
    ],
  );
}

/** The tests look at the silver the last model run saw, not what has arrived since. */
async function testedWatermark(session: SqlSession): Promise<number> {
  const [row] = await session.queryRows('select min(watermark_seq) as seq from ops_model_state');
  return row?.seq === null || row?.seq === undefined ? currentWatermark(session) : Number(row.seq);
}
