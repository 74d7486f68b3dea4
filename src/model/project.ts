import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../core/errors.js';
import { validateProperties, type ModelSpec, type PropertiesFile } from './spec.js';
import { orderModels } from './dag.js';

export const LAYERS = ['staging', 'intermediate', 'marts'] as const;
export type Layer = (typeof LAYERS)[number];

export interface Model {
  name: string;
  layer: Layer;
  /** Path relative to the models folder. */
  path: string;
  /** The SQL as written, placeholders and all. */
  sql: string;
  spec: ModelSpec;
  refs: string[];
  /** Source relations this model reads, as `source.table`. */
  sources: string[];
}

export interface Source {
  source: string;
  table: string;
  relation: string;
  description: string;
}

export interface Project {
  dir: string;
  /** In dependency order: every model after the models it refs. */
  models: Model[];
  byName: Map<string, Model>;
  sources: Map<string, Source>;
}

const PLACEHOLDER = /\{\{\s*(ref|source)\(([^)]*)\)\s*\}\}/g;
const ARG = /^\s*'([a-z0-9_]+)'\s*$/;

/** Reads models/<layer>/*.sql and every *.yml beside them; lists every problem at once. */
export function loadProject(dir: string): Project {
  const problems: string[] = [];
  const specs = new Map<string, ModelSpec>();
  const sources = new Map<string, Source>();
  const sqlFiles: { name: string; layer: Layer; path: string; sql: string }[] = [];
  for (const layer of LAYERS) {
    for (const file of listFiles(join(dir, layer))) {
      const path = relative(dir, file);
      if (file.endsWith('.sql')) {
        sqlFiles.push({ name: baseName(file), layer, path, sql: readFileSync(file, 'utf8') });
      } else if (/\.ya?ml$/.test(file)) {
        readProperties(file, path, specs, sources, problems);
      }
    }
  }
  const models: Model[] = [];
  for (const f of sqlFiles) {
    const spec = specs.get(f.name);
    if (!spec) {
      problems.push(`${f.path}: no YAML entry for model ${f.name}`);
      continue;
    }
    specs.delete(f.name);
    const { refs, sourceNames } = placeholders(f.sql, f.path, problems);
    models.push({ ...f, spec, refs, sources: sourceNames });
  }
  for (const name of specs.keys())
    problems.push(`YAML describes ${name} but there is no ${name}.sql`);
  checkReferences(models, sources, problems);
  const ordered = problems.length === 0 ? orderModels(models, problems) : [];
  if (problems.length > 0) throw new ConfigError(problems);
  return { dir, models: ordered, byName: new Map(ordered.map((m) => [m.name, m])), sources };
}

function readProperties(
  file: string,
  path: string,
  specs: Map<string, ModelSpec>,
  sources: Map<string, Source>,
  problems: string[],
): void {
  const doc: unknown = parseYaml(readFileSync(file, 'utf8'));
  if (!validateProperties(doc)) {
    for (const e of validateProperties.errors ?? []) {
      problems.push(`${path}${e.instancePath}: ${e.message ?? 'invalid'}`);
    }
    return;
  }
  const props: PropertiesFile = doc;
  for (const m of props.models ?? []) {
    if (specs.has(m.name)) problems.push(`${path}: model ${m.name} is described twice`);
    specs.set(m.name, m);
  }
  for (const s of props.sources ?? []) {
    for (const t of s.tables) {
      sources.set(`${s.name}.${t.name}`, {
        source: s.name,
        table: t.name,
        relation: t.identifier ?? `${s.name}_${t.name}`,
        description: t.description ?? '',
      });
    }
  }
}

function placeholders(sql: string, path: string, problems: string[]) {
  const refs = new Set<string>();
  const sourceNames = new Set<string>();
  for (const m of sql.matchAll(PLACEHOLDER)) {
    const args = (m[2] ?? '').split(',').map((a) => ARG.exec(a)?.[1]);
    if (m[1] === 'ref' && args.length === 1 && args[0]) refs.add(args[0]);
    else if (m[1] === 'source' && args.length === 2 && args[0] && args[1]) {
      sourceNames.add(`${args[0]}.${args[1]}`);
    } else problems.push(`${path}: cannot read placeholder ${m[0]}`);
  }
  const rest = sql.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('{%')) {
    problems.push(`${path}: only {{ ref('x') }} and {{ source('s', 't') }} are allowed`);
  }
  return { refs: [...refs], sourceNames: [...sourceNames] };
}

function checkReferences(models: Model[], sources: Map<string, Source>, problems: string[]) {
  const byName = new Map(models.map((m) => [m.name, m]));
  for (const m of models) {
    for (const r of m.refs) {
      const target = byName.get(r);
      if (!target) problems.push(`${m.path}: ref('${r}') names no model`);
      else if (
        m.spec.config.materialized === 'incremental' &&
        target.spec.config.materialized === 'table'
      ) {
        // A table is rebuilt whole; an incremental model could not tell which window changed.
        problems.push(`${m.path}: an incremental model cannot ref the table model ${r}`);
      }
    }
    for (const s of m.sources) {
      if (!sources.has(s)) problems.push(`${m.path}: source ${s} is not declared`);
    }
    if (m.spec.config.materialized === 'incremental' && !m.spec.config.window_column) {
      problems.push(`${m.path}: an incremental model needs config.window_column`);
    }
  }
}

/** Replaces the placeholders with relation names: the SQL the warehouse runs. */
export function compile(project: Project, model: Model): string {
  return model.sql.replace(PLACEHOLDER, (_all, kind: string, rawArgs: string) => {
    const args = rawArgs.split(',').map((a) => ARG.exec(a)?.[1] ?? '');
    if (kind === 'ref') return args[0]!;
    return project.sources.get(`${args[0]}.${args[1]}`)!.relation;
  });
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => join(dir, d.name))
      .sort();
  } catch {
    return [];
  }
}

function baseName(file: string): string {
  return file.replace(/^.*\//, '').replace(/\.sql$/, '');
}
