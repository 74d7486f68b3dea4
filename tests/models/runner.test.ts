import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDbWarehouse } from '../../src/adapters/duckdb/warehouse.js';
import { ConfigError } from '../../src/core/errors.js';
import type { SqlSession } from '../../src/core/ports.js';
import { loadProject } from '../../src/model/project.js';
import { selectModels } from '../../src/model/dag.js';
import { createModelService } from '../../src/model/service.js';
import { DEFAULT_SETTINGS } from '../../src/model/context.js';
import { tempDir } from '../helpers.js';

/** Writes a model project: `files` maps paths under models/ to their text. */
async function project(files: Record<string, string>): Promise<string> {
  const dir = join(await tempDir('sp-models-'), 'models');
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

const yml = (models: { name: string; mat?: string; extra?: string }[]) =>
  `version: 2\nmodels:\n${models
    .map(
      (m) =>
        `  - name: ${m.name}\n    description: ${m.name}\n    config: { materialized: ${m.mat ?? 'table'}, grain: [id] }\n${m.extra ?? ''}`,
    )
    .join('')}`;

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function warehouse(): Promise<SqlSession> {
  const wh = await DuckDbWarehouse.open(':memory:', {
    now: () => Date.parse('2026-05-01T12:00:00Z'),
  });
  await wh.migrate();
  const session = await wh.openSession();
  close = async () => {
    await session.close();
    await wh.close();
  };
  return session;
}

describe('model project', () => {
  it('lists every problem at once: no YAML, unknown ref, undeclared source, other placeholders', async () => {
    const dir = await project({
      'staging/a.sql': "select 1 as id from {{ ref('nope') }}",
      'staging/b.sql': "select {{ var('x') }} as id from {{ source('silver', 'nothing') }}",
      'staging/_a.yml': yml([{ name: 'a' }, { name: 'b' }, { name: 'ghost' }]),
      'staging/c.sql': 'select 1 as id',
    });
    let problems: string[] = [];
    try {
      loadProject(dir);
    } catch (e) {
      problems = (e as ConfigError).problems;
    }
    expect(problems.join('\n')).toMatch(/ref\('nope'\) names no model/);
    expect(problems.join('\n')).toMatch(/only \{\{ ref\('x'\) \}\}/);
    expect(problems.join('\n')).toMatch(/source silver.nothing is not declared/);
    expect(problems.join('\n')).toMatch(/no YAML entry for model c/);
    expect(problems.join('\n')).toMatch(/YAML describes ghost/);
  });

  it('refuses a cycle and orders a DAG; selectors pick up- and downstream', async () => {
    const cyclic = await project({
      'staging/a.sql': "select * from {{ ref('b') }}",
      'staging/b.sql': "select * from {{ ref('a') }}",
      'staging/_a.yml': yml([{ name: 'a' }, { name: 'b' }]),
    });
    expect(() => loadProject(cyclic)).toThrow(/cycle/);
    const dag = loadProject(
      await project({
        'staging/a.sql': 'select 1 as id',
        'intermediate/b.sql': "select * from {{ ref('a') }}",
        'marts/c.sql': "select * from {{ ref('b') }}",
        'marts/d.sql': "select * from {{ ref('a') }}",
        'staging/_a.yml': yml([{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }]),
      }),
    );
    expect(dag.models.map((m) => m.name)).toEqual(['a', 'b', 'd', 'c']);
    const names = (s: string[]) => selectModels(dag.models, s).map((m) => m.name);
    expect(names(['b+'])).toEqual(['b', 'c']);
    expect(names(['+c'])).toEqual(['a', 'b', 'c']);
    expect(names(['layer:marts'])).toEqual(['d', 'c']);
  });
});

describe('model runner', () => {
  it('a failing model skips what depends on it and nothing else, and every run is recorded', async () => {
    const session = await warehouse();
    const dir = await project({
      'staging/a.sql': 'select 1 as id',
      'intermediate/b.sql': "select id, no_such_column from {{ ref('a') }}",
      'marts/c.sql': "select * from {{ ref('b') }}",
      'marts/d.sql': "select id + 1 as id from {{ ref('a') }}",
      'staging/_a.yml': yml([
        { name: 'a', mat: 'view' },
        { name: 'b' },
        { name: 'c' },
        { name: 'd' },
      ]),
    });
    const service = createModelService({
      session,
      modelsDir: dir,
      settings: DEFAULT_SETTINGS,
      clock: { now: () => Date.parse('2026-05-01T12:00:00Z') },
    });
    const run = await service.run();
    expect(run.status).toBe('error');
    expect(run.models.map((m) => [m.model, m.status])).toEqual([
      ['a', 'success'],
      ['b', 'error'],
      ['d', 'success'],
      ['c', 'skipped'],
    ]);
    expect(run.models[3]!.error).toBe('upstream model b failed');
    const recorded = await session.queryRows(
      'select model, status, error is not null as has_error from ops_model_runs order by model',
    );
    expect(recorded).toEqual([
      { model: 'a', status: 'success', has_error: false },
      { model: 'b', status: 'error', has_error: true },
      { model: 'c', status: 'skipped', has_error: true },
      { model: 'd', status: 'success', has_error: false },
    ]);
    expect(await session.queryRows('select * from d')).toEqual([{ id: 2 }]);
    const [r] = await session.queryRows('select status, succeeded, failed, skipped from ops_runs');
    expect(r).toEqual({ status: 'error', succeeded: 2, failed: 1, skipped: 1 });
  });

  it('each kind of data test finds its failing rows, keeps a sample, and honours severity', async () => {
    const session = await warehouse();
    const extra = `    columns:
      - name: id
        description: key
      - name: kind
        description: a or b
        tests:
          - not_null
          - accepted_values: { values: [a, b] }
      - name: parent
        description: parent id
        tests:
          - relationships: { to: "ref('parents')", field: id }
      - name: code
        description: unique but warn
        tests:
          - unique: { severity: warn }
    tests:
      - expression_is_true: { name: positive, expression: amount > 0 }
      - row_count: { min: 10 }
      - freshness: { column: seen_at, max_age_minutes: 60 }
`;
    const dir = await project({
      'staging/parents.sql': 'select 1 as id',
      'staging/things.sql': `select * from (values
        (1, 'a', 1, 'x', 5, timestamp '2026-05-01 09:00:00'),
        (2, null, 2, 'x', -1, timestamp '2026-05-01 09:00:00'),
        (2, 'c', 1, 'y', 3, timestamp '2026-05-01 09:30:00')
      ) t(id, kind, parent, code, amount, seen_at)`,
      'staging/_a.yml': yml([{ name: 'parents' }, { name: 'things', extra }]),
    });
    const service = createModelService({
      session,
      modelsDir: dir,
      settings: DEFAULT_SETTINGS,
      clock: { now: () => Date.parse('2026-05-01T12:00:00Z') },
    });
    const built = await service.run();
    expect(built.models.filter((m) => m.error)).toEqual([]);
    const tests = await service.test({ select: ['things'] });
    const byName = Object.fromEntries(tests.results.map((t) => [t.name, t]));
    const outcome = (n: string) => [byName[n]?.status, byName[n]?.failures];
    expect(outcome('grain_unique_things')).toEqual(['fail', 1]);
    expect(outcome('not_null_things_kind')).toEqual(['fail', 1]);
    expect(outcome('accepted_values_things_kind')).toEqual(['fail', 1]);
    expect(outcome('relationships_things_parent__parents')).toEqual(['fail', 1]);
    expect(outcome('unique_things_code')).toEqual(['warn', 1]);
    expect(outcome('expression_things_positive')).toEqual(['fail', 1]);
    expect(outcome('row_count_things')).toEqual(['fail', 1]);
    expect(outcome('freshness_things_seen_at')).toEqual(['fail', 1]);
    expect(outcome('grain_not_null_things')).toEqual(['pass', 0]);
    expect(byName.expression_things_positive?.sample).toEqual([
      expect.objectContaining({ id: 2, amount: -1 }),
    ]);
    expect(tests.status).toBe('fail');
    const stored = await session.queryRows(
      "select sample from ops_test_results where test_name = 'accepted_values_things_kind'",
    );
    expect(JSON.parse(String(stored[0]?.sample))).toEqual([{ kind: 'c', n: '1' }]);
  });
});
