import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Project } from './project.js';
import { indexPage } from './docs-site/index-page.js';
import { modelPage } from './docs-site/model-page.js';
import { buildSite, modelHref, sourceHref, type TestOutcome } from './docs-site/site.js';
import { sourcePage } from './docs-site/source-page.js';

export interface DocsSiteOptions {
  /** Last outcome per data test name (DataTest.name), shown beside each test. */
  testResults?: Map<string, TestOutcome>;
}

/**
 * Writes a static, offline site about the models: index.html with the lineage graph and a
 * table of models, a page per model and a page per source. Nothing is deleted: pages of
 * models that no longer exist stay until the folder is cleared.
 */
export async function writeDocsSite(
  project: Project,
  outDir: string,
  opts: DocsSiteOptions = {},
): Promise<{ files: string[] }> {
  const site = buildSite(project, opts.testResults);
  const pages: [string, string][] = [
    ['index.html', indexPage(site)],
    ...project.models.map((m): [string, string] => [modelHref(m.name), modelPage(site, m)]),
    ...[...project.sources].map(([key, s]): [string, string] => [
      sourceHref(key),
      sourcePage(site, key, s),
    ]),
  ];
  const root = resolve(outDir);
  const files = pages.map(([rel]) => join(root, rel));
  for (const dir of new Set(files.map((f) => dirname(f)))) await mkdir(dir, { recursive: true });
  await Promise.all(pages.map(([, text], i) => writeFile(files[i]!, text)));
  return { files };
}
