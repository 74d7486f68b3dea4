import type { Command } from 'commander';
import { createLogger } from '../core/logger.js';
import { MODELS_DIR } from '../core/paths.js';
import { loadProject } from '../model/project.js';
import { listModels } from '../model/service.js';
import type { RunSummary } from '../model/runner.js';
import type { TestSummary } from '../model/test-runner.js';
import { withAdmin } from './local-or-remote.js';
import { common, config } from './options.js';

const selectors = (v: unknown) => (typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : []);

/** `storepulse models run|test|list`: the model layer, offline or through a running instance. */
export function registerModels(program: Command): void {
  const models = program.command('models').description('build and test the SQL models (gold)');

  common(models.command('run'))
    .description('build the models in dependency order (incremental where configured)')
    .option('--select <selectors>', 'models: name, name+ (and downstream), +name, layer:marts')
    .option('--full-refresh', 'rebuild incremental models from the beginning')
    .option('--json', 'print JSON')
    .action(async (opts: Record<string, unknown>) => {
      const cfg = config(opts, { 'collector.writeKeys': 'cli' });
      const run = await withAdmin(cfg, createLogger('warn'), (a) =>
        a.runModels({
          select: selectors(opts.select),
          fullRefresh: opts.fullRefresh === true,
          trigger: 'cli',
        }),
      );
      console.log(opts.json ? JSON.stringify(run, null, 2) : formatRun(run));
      if (run.status !== 'success') process.exitCode = 1;
    });

  common(models.command('test'))
    .description('run the data tests in the YAML beside the models')
    .option('--select <selectors>', 'only the tests of these models')
    .option('--json', 'print JSON')
    .action(async (opts: Record<string, unknown>) => {
      const cfg = config(opts, { 'collector.writeKeys': 'cli' });
      const tests = await withAdmin(cfg, createLogger('warn'), (a) =>
        a.testModels({ select: selectors(opts.select) }),
      );
      console.log(opts.json ? JSON.stringify(tests, null, 2) : formatTests(tests));
      if (tests.status === 'fail') process.exitCode = 1;
    });

  models
    .command('list')
    .description('the models in run order, with layer, materialization and grain')
    .option('--json', 'print JSON')
    .action((opts: Record<string, unknown>) => {
      const list = listModels(loadProject(MODELS_DIR));
      if (opts.json) return console.log(JSON.stringify(list, null, 2));
      for (const m of list) {
        console.log(
          `${m.name.padEnd(28)} ${m.layer.padEnd(13)} ${m.materialized.padEnd(12)} grain: ${m.grain.join(', ')}`,
        );
      }
      console.log(`${list.length} model(s)`);
    });
}

function formatRun(run: RunSummary): string {
  const lines = run.models.map((m) => {
    const rows = m.rows === null ? '' : `${m.rows} rows`;
    const extra = m.error ? `  ${m.error}` : m.windowStart ? `  window from ${m.windowStart}` : '';
    return `${m.status.padEnd(8)} ${m.model.padEnd(28)} ${m.mode.padEnd(12)} ${rows.padStart(12)} ${Math.round(m.durationMs).toString().padStart(6)} ms${extra}`;
  });
  return [...lines, `run ${run.runId}: ${run.status} in ${Math.round(run.durationMs)} ms`].join(
    '\n',
  );
}

function formatTests(t: TestSummary): string {
  const lines = t.results.map((r) => {
    const detail =
      r.error ??
      (r.failures > 0 ? `${r.failures} failing row(s): ${JSON.stringify(r.sample[0])}` : '');
    return `${r.status.padEnd(5)} ${r.name}${detail ? `  ${detail}` : ''}`;
  });
  const count = (s: string) => t.results.filter((r) => r.status === s).length;
  return [
    ...lines,
    `tests ${t.runId}: ${t.status} (${count('pass')} pass, ${count('warn')} warn, ${count('fail')} fail, ${count('error')} error)`,
  ].join('\n');
}
