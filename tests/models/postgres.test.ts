import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS_DIR } from '../../src/core/paths.js';
import { DEFAULT_SETTINGS } from '../../src/model/context.js';
import { loadProject } from '../../src/model/project.js';
import { runModels, type RunSummary } from '../../src/model/runner.js';
import { runTests, type TestSummary } from '../../src/model/test-runner.js';
import { COMMITTED, differences, errors, openTwins, seededShop, type Twins } from './pg-harness.js';

/**
 * The models' differential test: the same silver rows, the same settings and the same clock
 * on DuckDB and PostgreSQL must give the same relations, row for row, and the same data test
 * results.
 */
// About 3,000 events over four days across the end of New York's summer time (2026-11-01).
const START = Date.parse('2026-10-30T00:00:00Z');
const PER_DAY = 750;

const project = loadProject(MODELS_DIR);
const settings = { ...DEFAULT_SETTINGS, reportTimeZone: 'America/New_York' };
let now = START;
const clock = { now: () => now };
let twins: Twins;

beforeAll(async () => {
  twins = await openTwins(clock, START);
}, 60_000);

afterAll(async () => {
  await twins?.close();
});

describe('models on DuckDB and PostgreSQL', () => {
  let shop: ReturnType<typeof seededShop>;

  // The second test continues from the first: the incremental path needs a first run.
  it('build the same relations and test results from the same silver rows', async () => {
    shop = seededShop(twins.warehouse, START, PER_DAY);
    await shop.send(3000);
    const reasons = await twins.duck.queryRows('select distinct reason from quarantine');
    expect(reasons.map((r) => r.reason)).toEqual(
      expect.arrayContaining(['duplicate', 'future_timestamp', 'malformed_json', 'oversized']),
    );
    await twins.copy(COMMITTED);
    now = shop.wall() + 3_600_000;
    await expectSameResults('full');
  }, 180_000);

  it('stay the same after an incremental run', async () => {
    await shop.send(1000);
    await twins.copy(COMMITTED);
    now = shop.wall() + 3_600_000;
    await expectSameResults('incremental');
  }, 180_000);
});

async function expectSameResults(sessionsMode: 'full' | 'incremental'): Promise<void> {
  const [duckRun, pgRun] = await twins.onBoth((session) =>
    runModels({ session, project, settings, clock }),
  );
  // Soft: one failure does not hide the next, every difference is listed.
  expect
    .soft([...errors('duckdb', duckRun.models), ...errors('postgres', pgRun.models)])
    .toEqual([]);
  const outline = (r: RunSummary) => r.models.map((m) => `${m.model} ${m.mode} ${m.status}`);
  expect.soft(outline(pgRun)).toEqual(outline(duckRun));
  expect.soft(duckRun.models.find((m) => m.model === 'int_sessions')?.mode).toBe(sessionsMode);
  const built = duckRun.models.filter((m, i) => !m.error && !pgRun.models[i]?.error);
  for (const { model } of built) {
    const [duckRows, pgRows] = await twins.onBoth((session) =>
      session.queryRows(`select * from ${model}`),
    );
    expect.soft(pgRows.length, `${model}: row count`).toBe(duckRows.length);
    expect.soft(differences(duckRows, pgRows), model).toEqual([]);
  }
  const [duckTests, pgTests] = await twins.onBoth((session) =>
    runTests({ session, project, settings, clock }),
  );
  const statuses = (s: TestSummary) => s.results.map((r) => `${r.name} ${r.status} ${r.failures}`);
  const why = [...errors('duckdb', duckTests.results), ...errors('postgres', pgTests.results)];
  expect.soft(statuses(pgTests), why.join('\n')).toEqual(statuses(duckTests));
}
