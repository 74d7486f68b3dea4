import { fromSqlTimestamp } from '../../core/time.js';
import type { CheckResult } from '../types.js';
import { result, type CheckContext } from './common.js';

const at = (v: unknown) =>
  typeof v === 'string' ? new Date(fromSqlTimestamp(v)).toISOString() : null;

/**
 * The model runner's own results: the newest build (critical when it failed, with the
 * streak of failed builds) and the latest result of every data test (an error-severity
 * test failing or unable to run is critical, a warn-severity one failing a warning).
 */
export async function modelChecks(ctx: CheckContext): Promise<CheckResult[]> {
  // One after the other: the source's session takes one query at a time.
  const build = await ctx.source.lastBuild();
  const tests = await ctx.source.tests();
  const out: CheckResult[] = [];
  if (!build) out.push(result('models.build', 'ok', 'Models: no build yet', null, 'builds'));
  else {
    const failedRuns = Number(build.failed_runs ?? 0);
    out.push(
      build.status === 'error'
        ? result(
            'models.build',
            'critical',
            `Model build failed: ${Number(build.failed)} model(s) failed` +
              (failedRuns > 1 ? `, ${failedRuns} builds in a row` : ''),
            failedRuns,
            'builds',
            {
              runId: build.run_id,
              failingSince: at(build.failing_since),
              failed: Number(build.failed),
            },
          )
        : result('models.build', 'ok', `Models: the newest build succeeded`, 0, 'builds', {
            runId: build.run_id,
            finishedAt: at(build.finished_at),
          }),
    );
  }
  const failing = tests.filter((t) => t.status === 'fail' || t.status === 'error');
  const errors = failing.filter((t) => t.severity === 'error');
  const list = failing.map((t) => ({
    test: String(t.test_name),
    model: String(t.model),
    severity: String(t.severity),
    status: String(t.status),
    failures: Number(t.failures),
    error: typeof t.error === 'string' ? t.error : null,
    failingSince: at(t.failing_since ?? t.started_at),
  }));
  const names = failing.map((t) => String(t.test_name));
  out.push(
    tests.length === 0
      ? result('models.tests', 'ok', 'Data tests: not run yet', null, 'tests')
      : result(
          'models.tests',
          errors.length > 0 ? 'critical' : failing.length > 0 ? 'warning' : 'ok',
          failing.length === 0
            ? `Data tests: all ${tests.length} pass`
            : `Data tests failing: ${failing.length} of ${tests.length} (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''})`,
          failing.length,
          'tests',
          { tests: tests.length, failing: list },
        ),
  );
  return out;
}
