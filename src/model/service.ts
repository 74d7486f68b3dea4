import type { SqlSession } from '../core/ports.js';
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { Metrics } from '../core/metrics.js';
import { loadProject, type Project } from './project.js';
import { runModels, type RunOptions, type RunSummary } from './runner.js';
import { runTests, type TestSummary } from './test-runner.js';
import type { ModelSettings } from './context.js';
import { measuredRun, measuredTests } from './metrics.js';

export interface ModelInfo {
  name: string;
  layer: string;
  materialized: string;
  grain: string[];
  refs: string[];
  sources: string[];
  description: string;
}

export interface RunRecord {
  run_id: string;
  kind: string;
  trigger: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  selected: number;
  succeeded: number;
  failed: number;
  skipped: number;
}

export function settingsFrom(config: Readonly<Config>): ModelSettings {
  const m = config.models;
  return {
    reportTimeZone: m.reportTimeZone,
    sessionGapMinutes: m.sessionGapMinutes,
    funnelWindowHours: m.funnelWindowHours,
    hotLeadDays: m.hotLeadDays,
  };
}

export function listModels(project: Project): ModelInfo[] {
  return project.models.map((m) => ({
    name: m.name,
    layer: m.layer,
    materialized: m.spec.config.materialized,
    grain: m.spec.config.grain,
    refs: m.refs,
    sources: m.sources,
    description: m.spec.description,
  }));
}

/**
 * The models of one warehouse behind one session. Runs and test runs queue behind each
 * other, so a scheduled refresh and an operator's `models run` never overlap. With
 * `metrics` (a running instance; not the tests and benchmarks of models alone), every run
 * and test run is counted and timed, whoever started it.
 */
export function createModelService(deps: {
  session: SqlSession;
  modelsDir: string;
  settings: ModelSettings;
  clock: Clock;
  metrics?: Metrics;
}) {
  const project = loadProject(deps.modelsDir);
  const ctx = { session: deps.session, project, settings: deps.settings, clock: deps.clock };
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const m = deps.metrics?.models;
  return {
    project,
    run: (opts: RunOptions = {}): Promise<RunSummary> =>
      exclusive(() => measuredRun(m, () => runModels(ctx, opts))),
    test: (opts: { select?: string[]; trigger?: string } = {}): Promise<TestSummary> =>
      exclusive(() => measuredTests(m, () => runTests(ctx, opts))),
    list: (): ModelInfo[] => listModels(project),
    async runs(limit = 20): Promise<RunRecord[]> {
      const rows = await exclusive(() =>
        deps.session.queryRows('select * from ops_runs order by started_at desc limit $1', [limit]),
      );
      return rows as unknown as RunRecord[];
    },
    close: () => exclusive(() => deps.session.close()),
  };
}

export type ModelService = ReturnType<typeof createModelService>;
