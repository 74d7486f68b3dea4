import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Config } from '../core/config.js';
import type { Metrics } from '../core/metrics.js';
import { MODELS_DIR } from '../core/paths.js';
import type { SqlSession } from '../core/ports.js';
import { createScheduler } from '../schedule/scheduler.js';
import { createModelService, settingsFrom, type ModelService } from '../model/service.js';

/**
 * One scheduled cycle: refresh the models (incremental), then run the data tests when
 * their own, longer interval has passed. Results go to the ops tables and the log; a model
 * or test failure is logged, never thrown, so ingestion carries on.
 */
export function refreshCycle(
  models: ModelService,
  opts: { testIntervalMs: number },
  deps: { clock: Clock; logger: Logger },
) {
  let lastTests = -Infinity;
  return async function refresh(): Promise<void> {
    const run = await models.run({ trigger: 'schedule' });
    const failed = run.models.filter((m) => m.status === 'error');
    const log = { runId: run.runId, durationMs: run.durationMs, models: run.models.length };
    if (failed.length > 0) {
      deps.logger.error(
        { ...log, failed: failed.map((f) => `${f.model}: ${f.error}`) },
        'model refresh had failures',
      );
    } else deps.logger.debug(log, 'models refreshed');
    if (opts.testIntervalMs <= 0 || deps.clock.now() - lastTests < opts.testIntervalMs) return;
    lastTests = deps.clock.now();
    const tests = await models.test({ trigger: 'schedule' });
    const bad = tests.results.filter((r) => r.status !== 'pass');
    if (tests.status === 'fail') {
      deps.logger.error(
        { runId: tests.runId, tests: bad.map((t) => `${t.name}: ${t.status} (${t.failures})`) },
        'data tests failed',
      );
    } else if (bad.length > 0)
      deps.logger.warn({ runId: tests.runId, warned: bad.map((t) => t.name) }, 'data tests warned');
  };
}

/**
 * The models of a warehouse on a session of their own, and their refresh on the configured
 * cadence (not started): what `storepulse start` and the scheduler role run.
 */
export function scheduledModels(
  config: Readonly<Config>,
  session: SqlSession,
  deps: { clock: Clock; logger: Logger; metrics?: Metrics },
) {
  const models = createModelService({
    session,
    modelsDir: MODELS_DIR,
    settings: settingsFrom(config),
    clock: deps.clock,
    metrics: deps.metrics,
  });
  const m = config.models;
  const scheduler = createScheduler(
    'models',
    { intervalMs: m.intervalSeconds * 1000, retries: m.retries, retryBackoffMs: m.retryBackoffMs },
    refreshCycle(models, { testIntervalMs: m.testIntervalSeconds * 1000 }, deps),
    deps,
  );
  return { models, scheduler };
}
