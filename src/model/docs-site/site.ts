import { collectTests, type DataTest } from '../datatests.js';
import type { Model, Project, Source } from '../project.js';

export interface TestOutcome {
  status: string;
  failures: number;
}

/** Everything the pages need, worked out once. */
export interface Site {
  project: Project;
  testsByModel: Map<string, DataTest[]>;
  /** Model name → the models that ref it. */
  downstream: Map<string, Model[]>;
  /** `source.table` → the models that read it. */
  readers: Map<string, Model[]>;
  results: Map<string, TestOutcome> | undefined;
}

export function buildSite(project: Project, results?: Map<string, TestOutcome>): Site {
  const testsByModel = new Map<string, DataTest[]>();
  for (const t of collectTests(project)) {
    testsByModel.set(t.model, [...(testsByModel.get(t.model) ?? []), t]);
  }
  const downstream = new Map<string, Model[]>();
  const readers = new Map<string, Model[]>();
  for (const m of project.models) {
    for (const r of m.refs) downstream.set(r, [...(downstream.get(r) ?? []), m]);
    for (const s of m.sources) readers.set(s, [...(readers.get(s) ?? []), m]);
  }
  return { project, testsByModel, downstream, readers, results };
}

/** Page paths relative to the site root. Model names are `[a-z][a-z0-9_]*` by schema. */
export function modelHref(name: string): string {
  return `models/${name}.html`;
}

/** Source names are free text in YAML, so the file name keeps only safe characters. */
export function sourceHref(key: string): string {
  return `sources/${key.replace(/[^A-Za-z0-9_.-]/g, '_')}.html`;
}

export function sourceKey(s: Source): string {
  return `${s.source}.${s.table}`;
}

/** Sources that some model reads, in declaration order. */
export function usedSources(site: Site): [string, Source][] {
  return [...site.project.sources].filter(([key]) => site.readers.has(key));
}
