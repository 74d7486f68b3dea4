import { Counter, Histogram, type Registry } from 'prom-client';

const RUN_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** Model builds and data tests, whatever started them (schedule, operator, API). */
export function modelMetrics(registry: Registry) {
  const registers = [registry];
  return {
    runs: new Counter({
      name: 'storepulse_model_runs_total',
      help: 'Model build runs by status: success, or error (a model failed, or the run could not start).',
      labelNames: ['status'] as const,
      registers,
    }),
    runSeconds: new Histogram({
      name: 'storepulse_model_run_seconds',
      help: 'Duration of a model build run (all selected models).',
      buckets: RUN_BUCKETS,
      registers,
    }),
    buildSeconds: new Histogram({
      name: 'storepulse_model_build_seconds',
      help: 'Duration of one model build (skipped models are not observed).',
      labelNames: ['model'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    testRuns: new Counter({
      name: 'storepulse_data_test_runs_total',
      help: 'Data test runs by status: pass, warn, fail, or error (the run could not start).',
      labelNames: ['status'] as const,
      registers,
    }),
    testRunSeconds: new Histogram({
      name: 'storepulse_data_test_run_seconds',
      help: 'Duration of a data test run.',
      buckets: RUN_BUCKETS,
      registers,
    }),
    tests: new Counter({
      name: 'storepulse_data_tests_total',
      help: 'Data test results by status: pass, warn, fail, error (the test query failed).',
      labelNames: ['status'] as const,
      registers,
    }),
  };
}
