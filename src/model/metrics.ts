import type { Metrics } from '../core/metrics.js';
import type { RunSummary } from './runner.js';
import type { TestSummary } from './test-runner.js';

type ModelMetrics = Metrics['models'] | undefined;

/**
 * Times `work` and hands its result (null when it threw) to `record`, then passes the
 * result or the error on. Without metrics it only runs `work`.
 */
async function timed<T>(
  m: ModelMetrics,
  work: () => Promise<T>,
  record: (m: NonNullable<ModelMetrics>, result: T | null, seconds: number) => void,
): Promise<T> {
  if (!m) return work();
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const result = await work();
    record(m, result, seconds());
    return result;
  } catch (err) {
    record(m, null, seconds());
    throw err;
  }
}

/** A model build run, counted however it ends: one that throws is an error. */
export const measuredRun = (m: ModelMetrics, work: () => Promise<RunSummary>) =>
  timed(m, work, (m, run, seconds) => {
    m.runs.inc({ status: run?.status ?? 'error' });
    m.runSeconds.observe(seconds);
    for (const model of run?.models ?? []) {
      if (model.status !== 'skipped') {
        m.buildSeconds.observe({ model: model.model }, model.durationMs / 1000);
      }
    }
  });

/** A data test run and each of its results; one that throws counts as an error. */
export const measuredTests = (m: ModelMetrics, work: () => Promise<TestSummary>) =>
  timed(m, work, (m, tests, seconds) => {
    m.testRuns.inc({ status: tests?.status ?? 'error' });
    m.testRunSeconds.observe(seconds);
    for (const t of tests?.results ?? []) m.tests.inc({ status: t.status });
  });
