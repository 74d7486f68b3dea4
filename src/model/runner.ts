import { createHash, randomUUID } from 'node:crypto';
import type { SqlSession } from '../core/ports.js';
import { toSqlTimestamp, fromSqlTimestamp } from '../core/time.js';
import type { Clock } from '../core/clock.js';
import { compile, type Model, type Project } from './project.js';
import { related, selectModels } from './dag.js';
import { BEGINNING, SQL, currentWatermark, setRunContext, type ModelSettings } from './context.js';
import {
  buildTable,
  buildView,
  buildWindow,
  readRelations,
  type Relations,
} from './materialize.js';

export type ModelStatus = 'success' | 'error' | 'skipped';
export type BuildMode = 'view' | 'full' | 'incremental' | 'unchanged';

export interface ModelResult {
  model: string;
  status: ModelStatus;
  mode: BuildMode;
  rows: number | null;
  durationMs: number;
  windowStart: string | null;
  sqlHash?: string;
  error?: string;
}

export interface RunSummary {
  runId: string;
  status: 'success' | 'error';
  startedAt: string;
  durationMs: number;
  models: ModelResult[];
}

export interface RunOptions {
  select?: string[];
  fullRefresh?: boolean;
  trigger?: string;
}

interface State {
  sqlHash: string;
  watermark: number;
  succeededAt: string;
}

/**
 * Builds the selected models in dependency order and records each in ops_model_runs. A
 * failed model skips everything downstream of it and nothing else; the run's status says
 * whether any failed. Incremental models rebuild only the window their new rows touch.
 */
export async function runModels(
  deps: { session: SqlSession; project: Project; settings: ModelSettings; clock: Clock },
  opts: RunOptions = {},
): Promise<RunSummary> {
  const { session, project, settings, clock } = deps;
  const t0 = performance.now();
  const asOf = clock.now();
  const runId = newRunId(asOf);
  const selected = selectModels(project.models, opts.select ?? []);
  await session.exec(
    'insert into ops_runs (run_id, kind, trigger, started_at, status, selected) values ($1, $2, $3, $4, $5, $6)',
    [runId, 'models', opts.trigger ?? 'manual', toSqlTimestamp(asOf), 'running', selected.length],
  );
  const watermark = await currentWatermark(session);
  // Views read the context too: a run that builds only views must find this run's row.
  await setRunContext(session, settings, { asOf, windowStart: BEGINNING, watermark });
  const states = await readStates(session);
  const relations = { current: await readRelations(session) };
  const failed = new Set<string>();
  // Models whose rows were rebuilt whole: an incremental model below one must rebuild too.
  const reshaped = new Set<string>();
  const results: ModelResult[] = [];
  for (const model of selected) {
    const upstream = [...related(project.models, model.name, 'up')];
    const upstreamFailure = upstream.find((u) => failed.has(u));
    const started = clock.now();
    let result: ModelResult;
    if (upstreamFailure) {
      result = skipped(model, `upstream model ${upstreamFailure} failed`);
    } else {
      const forceFull = opts.fullRefresh === true || upstream.some((u) => reshaped.has(u));
      const state = states.get(model.name);
      result = await buildOne(
        { session, project, settings, asOf, watermark, relations },
        model,
        state,
        forceFull,
      );
      if (result.mode === 'full' || result.sqlHash !== state?.sqlHash) reshaped.add(model.name);
    }
    if (result.status === 'error') failed.add(model.name);
    await recordModel(session, runId, model, started, result);
    results.push(result);
  }
  return finishRun(
    session,
    runId,
    { asOf, finishedAt: clock.now(), durationMs: performance.now() - t0 },
    results,
  );
}

interface BuildContext {
  session: SqlSession;
  project: Project;
  settings: ModelSettings;
  asOf: number;
  watermark: number;
  /** Read once per run, again only after a build changed what exists. */
  relations: { current: Relations };
}

async function buildOne(
  ctx: BuildContext,
  model: Model,
  state: State | undefined,
  forceFull: boolean,
): Promise<ModelResult> {
  const { session, project } = ctx;
  const started = performance.now();
  const sql = compile(project, model);
  // Settings change what the SQL computes (zone, gaps, windows): a change rebuilds whole.
  const sqlHash = createHash('sha256')
    .update(sql)
    .update(JSON.stringify(ctx.settings))
    .digest('hex')
    .slice(0, 16);
  const base = { model: model.name, rows: null, windowStart: null, sqlHash };
  const sameSql = state?.sqlHash === sqlHash;
  try {
    const relations = ctx.relations.current;
    const plan = await planBuild(ctx, model, state, relations, forceFull || !sameSql);
    if (plan.mode === 'unchanged') {
      await saveState(session, model, sqlHash, ctx);
      return {
        ...base,
        status: 'skipped',
        mode: 'unchanged',
        durationMs: performance.now() - started,
      };
    }
    const existed = relations.has(model.name);
    let rows: number | null = null;
    if (plan.mode === 'view') {
      rows = await buildView(session, model, sql, relations);
      await saveState(session, model, sqlHash, ctx);
    } else {
      // Context, rows and state commit together: a crash leaves the old rows and old state.
      rows = await session.transaction(async () => {
        await setRunContext(session, ctx.settings, {
          asOf: ctx.asOf,
          windowStart: plan.windowStart,
          watermark: ctx.watermark,
        });
        const n =
          plan.mode === 'incremental'
            ? await buildWindow(session, model, sql, relations)
            : await buildTable(session, model, sql, relations, sameSql);
        await saveState(session, model, sqlHash, ctx);
        return n;
      });
    }
    if (!existed || !sameSql || plan.mode === 'view') {
      ctx.relations.current = await readRelations(session);
    }
    return {
      ...base,
      status: 'success',
      mode: plan.mode,
      rows,
      durationMs: performance.now() - started,
      windowStart: plan.mode === 'incremental' ? toSqlTimestamp(plan.windowStart) : null,
    };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    return {
      ...base,
      status: 'error',
      mode: 'full',
      durationMs: performance.now() - started,
      error,
    };
  }
}

async function planBuild(
  ctx: BuildContext,
  model: Model,
  state: State | undefined,
  relations: Relations,
  rebuild: boolean,
): Promise<{ mode: BuildMode; windowStart: number }> {
  const kind = model.spec.config.materialized;
  if (kind === 'view') {
    // A view's rows follow its inputs by themselves: rebuild it only when its SQL changed.
    const exists = relations.get(model.name)?.kind === 'view';
    return { mode: exists && !rebuild ? 'unchanged' : 'view', windowStart: BEGINNING };
  }
  if (kind === 'table' || rebuild || !state || relations.get(model.name)?.kind !== 'table') {
    return { mode: 'full', windowStart: BEGINNING };
  }
  const [row] = await ctx.session.queryRows(SQL.changed_since!.text, [
    state.watermark,
    state.succeededAt,
  ]);
  const since = row?.since;
  if (since === null || since === undefined) return { mode: 'unchanged', windowStart: BEGINNING };
  const lookback = lookbackMinutes(ctx.project, model);
  const opens = fromSqlTimestamp(since as string) - lookback * 60_000;
  return {
    mode: 'incremental',
    windowStart: Math.max(BEGINNING, Math.min(opens, await newestRow(ctx.session, model))),
  };
}

// A local day starts at most 14 hours before the same UTC date does (UTC+14).
const EARLIEST_ZONE_MS = 14 * 3_600_000;

/**
 * The window never opens after the model's newest row: after a quiet spell the rows in
 * between (zero days, empty minutes) are built too, not left as a hole. Steady traffic
 * keeps the newest row at the newest data, so this costs nothing then.
 */
async function newestRow(session: SqlSession, model: Model): Promise<number> {
  const column = model.spec.config.window_column!;
  const [row] = await session.queryRows(`select max(${column}) as newest from ${model.name}`);
  const newest = row?.newest;
  if (typeof newest !== 'string') return Infinity;
  if (/^\d{4}-\d{2}-\d{2}$/.test(newest))
    return Date.parse(`${newest}T00:00:00Z`) - EARLIEST_ZONE_MS;
  return fromSqlTimestamp(newest);
}

/** A model's window opens early enough for its own lookback and every upstream one's. */
export function lookbackMinutes(project: Project, model: Model): number {
  let most = model.spec.config.lookback_minutes ?? 0;
  for (const name of related(project.models, model.name, 'up')) {
    most = Math.max(most, project.byName.get(name)?.spec.config.lookback_minutes ?? 0);
  }
  return most;
}

function skipped(model: Model, error: string): ModelResult {
  return {
    model: model.name,
    status: 'skipped',
    mode: 'full',
    rows: null,
    durationMs: 0,
    windowStart: null,
    error,
  };
}

async function readStates(session: SqlSession): Promise<Map<string, State>> {
  const rows = await session.queryRows('select * from ops_model_state');
  return new Map(
    rows.map((r) => [
      String(r.model),
      {
        sqlHash: String(r.sql_hash),
        watermark: Number(r.watermark_seq),
        succeededAt: String(r.succeeded_at),
      },
    ]),
  );
}

async function saveState(session: SqlSession, model: Model, hash: string, ctx: BuildContext) {
  await session.exec(SQL.save_state!.text, [
    model.name,
    hash,
    ctx.watermark,
    toSqlTimestamp(ctx.asOf),
  ]);
}

async function recordModel(
  session: SqlSession,
  runId: string,
  model: Model,
  started: number,
  r: ModelResult,
): Promise<void> {
  await session.exec(SQL.model_run!.text, [
    runId,
    model.name,
    model.spec.config.materialized,
    r.mode,
    toSqlTimestamp(started),
    Math.round(r.durationMs),
    r.status,
    r.rows,
    r.windowStart,
    r.error ?? null,
  ]);
}

async function finishRun(
  session: SqlSession,
  runId: string,
  times: { asOf: number; finishedAt: number; durationMs: number },
  models: ModelResult[],
): Promise<RunSummary> {
  const count = (s: ModelStatus) => models.filter((m) => m.status === s).length;
  const status = count('error') > 0 ? 'error' : 'success';
  await session.exec(
    'update ops_runs set finished_at = $2, status = $3, succeeded = $4, failed = $5, skipped = $6 where run_id = $1',
    [
      runId,
      toSqlTimestamp(times.finishedAt),
      status,
      count('success'),
      count('error'),
      count('skipped'),
    ],
  );
  return {
    runId,
    status,
    startedAt: toSqlTimestamp(times.asOf),
    durationMs: times.durationMs,
    models,
  };
}

export function newRunId(now: number): string {
  return `${new Date(now).toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomUUID().slice(0, 8)}`;
}
