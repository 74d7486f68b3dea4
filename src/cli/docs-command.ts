import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { MODELS_DIR } from '../core/paths.js';
import { loadProject } from '../model/project.js';
import { writeDocsSite } from '../model/docs-site.js';

/** Adds `storepulse docs`: a static HTML site of the models and their lineage. */
export function registerDocs(program: Command): void {
  program
    .command('docs')
    .description('write a static HTML site of the models: lineage graph, a page per model')
    .option('--out <dir>', 'output folder', './storepulse-docs')
    .action(async (opts: { out: string }) => {
      await writeDocsSite(loadProject(MODELS_DIR), opts.out);
      console.log(join(resolve(opts.out), 'index.html'));
    });
}
