import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneTables } from '../../src/adapters/sql/retention.js';
import { loadConfig } from '../../src/core/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { MODELS_DIR } from '../../src/core/paths.js';
import type { SqlSession } from '../../src/core/ports.js';
import { loadSqlFolder } from '../../src/core/sql.js';
import { toSqlTimestamp } from '../../src/core/time.js';
import { DEFAULT_SETTINGS } from '../../src/model/context.js';
import { createModelService } from '../../src/model/service.js';
import { createMonitor } from '../../src/monitor/service.js';
import { sqlMonitorSource, type PipelinePosition } from '../../src/monitor/source.js';
import { alertStore } from '../../src/monitor/store.js';
import type { Alert, HealthReport } from '../../src/monitor/types.js';
import { createApi } from '../../src/serve/api/app.js';
import type { ApiContext } from '../../src/serve/api/endpoint.js';
import { localDay } from '../../src/serve/api/range.js';
import { createReads, type DashboardReads } from '../../src/serve/api/reads.js';
import { createLiveFeed, type LiveTick } from '../../src/serve/api/stream.js';
import type { StatusReport } from '../../src/serve/status.js';
import { COMMITTED, openTwins, seededShop, type Twins } from '../models/pg-harness.js';

/**
 * The dashboard's reads, the monitor's checks, retention and the status queries on DuckDB
 * and PostgreSQL: the same rows in both (the processor fills DuckDB, PostgreSQL gets a copy,
 * the models run on each), the same requests, the same clock; the answers must be equal,
 * money to the last digit. The tests run in order, each from where the one before left off
 * (the alerts the API test saved, the clock the monitor test moved on).
 */
// About 4,000 events over five days across the end of New York's summer time (2026-11-01).
const START = Date.parse('2026-10-30T00:00:00Z');
const PER_DAY = 750;
const TZ = 'America/New_York';
const DAY = 86_400_000;
/** The model runner's history: run ids and durations differ per engine, so DuckDB's is shared. */
const OPS_RUNS = ['ops_runs', 'ops_model_runs', 'ops_test_results'];

const settings = { ...DEFAULT_SETTINGS, reportTimeZone: TZ };
let now = START;
const clock = { now: () => now };
let twins: Twins;
let shop: ReturnType<typeof seededShop>;

beforeAll(async () => {
  twins = await openTwins(clock, START);
  shop = seededShop(twins.warehouse, START, PER_DAY);
  const models = await twins.open();
  const services = models.map((session) =>
    createModelService({ session, modelsDir: MODELS_DIR, settings, clock }),
  );
  // Two rounds: a full build, then an incremental one; tests a second after each build.
  for (const count of [3000, 1000]) {
    await shop.send(count);
    await replaySome(twins.duck);
    await twins.copy(COMMITTED);
    now = shop.wall() + 5000;
    for (const s of services) await s.run({ trigger: 'test' });
    now += 1000;
    for (const s of services) await s.test({ trigger: 'test' });
  }
  await twins.copy(OPS_RUNS);
  now = shop.wall() + 10_000;
}, 180_000);

afterAll(async () => {
  await twins?.close();
});

/** Some quarantine rows replayed: stored since (resolved), or quarantined again. */
async function replaySome(session: SqlSession): Promise<void> {
  await session.exec(
    `update quarantine set resolved_at = received_at + interval '1 minute', resolution = 'stored',
       replay_count = 1, replayed_at = received_at + interval '1 minute'
     where reason = 'future_timestamp' and seq % 2 = 0 and resolved_at is null`,
  );
  await session.exec(
    `update quarantine set replay_count = replay_count + 1 where reason = 'oversized' and seq % 3 = 0`,
  );
}

describe('the dashboard API on DuckDB and PostgreSQL', () => {
  it('answers every route with every typical parameter the same', async () => {
    const [duckCtx, pgCtx] = await contexts();
    const apps = [duckCtx, pgCtx].map((c) =>
      createApi(c, { subscribe: () => () => undefined }, silentLogger),
    );
    const doc = (await (await apps[0]!.request('/api/v1/openapi.json')).json()) as OpenApi;
    const requests = Object.entries(doc.paths)
      .filter(([path]) => path !== '/api/v1/stream')
      .flatMap(([path, op]) => requestsOf(path, op.get.parameters ?? []));
    expect(requests.length).toBeGreaterThan(40);
    for (const url of requests) {
      const duck = await answer(apps[0]!, url);
      const pg = await answer(apps[1]!, url);
      expect.soft(duck.status, `${url} on DuckDB: ${JSON.stringify(duck.body)}`).toBe(200);
      expect.soft(pg.status, `${url} on PostgreSQL: ${JSON.stringify(pg.body)}`).toBe(200);
      expect.soft(changes(duck, pg), url).toEqual([]);
    }
  }, 120_000);

  it('pushes the same live tick, and finds the same import outcome', async () => {
    const [duck, pg] = await twins.open();
    const ticks = await Promise.all(
      [duck, pg].map(async (s) => {
        const feed = createLiveFeed(
          tracked(createReads([s])),
          { intervalMs: 60_000, now: () => now },
          silentLogger,
        );
        const tick = await new Promise<LiveTick>((resolve) => {
          const stop = feed.subscribe(
            (t) => {
              stop();
              resolve(t);
            },
            () => undefined,
          );
        });
        feed.close();
        return tick;
      }),
    );
    expect(ticks[0]!.events.length).toBeGreaterThan(10);
    expect(ticks[0]!.seconds.length).toBeGreaterThan(0);
    expect(ticks[1]).toEqual(ticks[0]);
    const outcomes = await twins.onBoth((s) =>
      tracked(createReads([s])).read('import_outcome', [1, shop.seq()]),
    );
    expect(sorted(outcomes[1])).toEqual(sorted(outcomes[0]));
    // Every named read of sql/api ran on both engines, in this test or the one before.
    expect(Object.keys(loadSqlFolder('api')).filter((q) => !used.has(q))).toEqual([]);
  });
});

describe('the monitor on DuckDB and PostgreSQL', () => {
  it('finds the same, and opens and resolves the same alerts', async () => {
    const config = loadConfig({}, { 'collector.writeKeys': 'k' }).monitor;
    const wide = {
      ...config,
      volumeWindowSeconds: 3600,
      volumeTrailingWindows: 6,
      qualityWindowSeconds: 6 * 3600,
      qualityMinRecords: 10,
    };
    const [duck, pg] = await twins.open();
    const monitors = [duck, pg].map((session) => ({
      session,
      monitors: [config, wide].map((s) =>
        createMonitor({
          source: sqlMonitorSource({
            session,
            position: () => Promise.resolve(position),
            dataDir: tmpdir(),
            databaseFile: null,
            now: clock.now,
          }),
          // One monitor keeps the alerts, the other only reports.
          store: s === config ? alertStore(session) : { ...alertStore(session), save: noSave },
          settings: s,
          clock,
          logger: silentLogger,
        }),
      ),
    }));
    // First the log stopped two hours ago (alerts open), then it runs again (they resolve).
    let position: PipelinePosition = {
      bronzeNewestAt: now - 7_200_000,
      silverNewestAt: shop.wall(),
      lagEvents: 3,
      lagSeconds: 1,
    };
    const reports: HealthReport[][] = [[], []];
    for (const stage of ['stale', 'fresh']) {
      if (stage === 'fresh') position = { ...position, bronzeNewestAt: now - 1000, lagEvents: 0 };
      for (const [i, m] of monitors.entries()) {
        for (const monitor of m.monitors) reports[i]!.push(await monitor.run());
      }
      now += 60_000;
    }
    expect(reports[0]![0]!.alerts.length).toBeGreaterThan(0);
    expect(changes(comparable(reports[0]!), comparable(reports[1]!))).toEqual([]);
    const history = await Promise.all(monitors.map((m) => m.monitors[0]!.history(50)));
    expect(history[0]!.some((a) => a.state === 'resolved')).toBe(true);
    expect(comparable(history[1]!)).toEqual(comparable(history[0]!));
  }, 60_000);
});

describe('status queries and retention on DuckDB and PostgreSQL', () => {
  const Q = loadSqlFolder('queries');

  it('count, list and requarantine the same', async () => {
    const since = toSqlTimestamp(START + 2 * DAY);
    const reads: [string, unknown[]][] = [
      ['status_counts', []],
      ['quarantine_by_reason', []],
      ['checkpoints', []],
      ['checkpoint', ['silver']],
      ['list_quarantine', [null, false, 0, 100]],
      ['list_quarantine', [null, true, 0, 10]],
      ['list_quarantine', ['future_timestamp', false, 100, 20]],
      ['list_quarantine', ['malformed_json', true, 0, 5]],
      ['live_counters', ['minute', since]],
      ['live_counters', ['second', new Date(START + 3 * DAY).toISOString()]],
      ['recent_message_ids', [50]],
      ['recent_order_ids', [50]],
    ];
    for (const [name, params] of reads) {
      const [duck, pg] = await twins.onBoth((s) => s.queryRows(Q[name]!.text, params));
      expect(duck.length, name).toBeGreaterThan(0);
      const order = name === 'quarantine_by_reason' ? sorted : (rows: unknown[]) => rows;
      expect.soft(order(pg), `${name} ${JSON.stringify(params)}`).toEqual(order(duck));
    }
    const [{ seq }] = (await twins.duck.queryRows(
      "select min(seq) as seq from quarantine where reason = 'oversized'",
    )) as [{ seq: number }];
    const args = [seq, 'processing_error', 'replayed: still bad', toSqlTimestamp(now)];
    const changed = await twins.onBoth((s) => s.exec(Q.requarantine!.text, args));
    expect(changed).toEqual([1, 1]);
    const after = await twins.onBoth((s) =>
      s.queryRows('select * from quarantine where seq = $1', [seq]),
    );
    expect(after[1]).toEqual(after[0]);
  });

  it('prune the same rows', async () => {
    const policy = {
      quarantineBefore: START + 2 * DAY,
      opsBefore: now,
      liveSecondsBefore: START + 3 * DAY,
    };
    const [duck, pg] = await twins.onBoth((s) => pruneTables(s, policy));
    expect(Object.values(duck).every((n) => n > 0)).toBe(true);
    expect(pg).toEqual(duck);
    const left = await twins.onBoth(async (s) => {
      const out: Record<string, unknown> = {};
      for (const t of ['quarantine', 'live_counters', ...OPS_RUNS]) {
        out[t] = (await s.queryRows(`select cast(count(*) as integer) as n from ${t}`))[0]!.n;
      }
      return out;
    });
    expect(left[1]).toEqual(left[0]);
  });
});

interface Parameter {
  name: string;
  schema: { anyOf?: { const?: string }[] };
}
interface OpenApi {
  paths: Record<string, { get: { parameters?: Parameter[] } }>;
}

/** Values of the free parameters worth asking for (the enumerated ones are all tried). */
const VALUES: Record<string, string[]> = {
  minutes: ['1', '60'],
  window: ['1', '6'],
  q: ['a', 'SPEAKER', 'no such product'],
  limit: ['1', '7'],
  runs: ['1', '3'],
  cohorts: ['1', '3'],
};
/** Combinations that take another path through a query. */
const COMBINED: Record<string, string[]> = {
  '/api/v1/funnel': [
    'level=session&breakdown=device',
    'level=session&breakdown=country',
    'level=user&breakdown=traffic_source&window=2',
  ],
  '/api/v1/customers': ['cohort=week&basis=first_visit&cohorts=5&limit=10'],
  '/api/v1/products': ['sort=units&q=e&limit=3'],
};

/**
 * The requests of one route: no parameters (the default range), a 7-day range, a day and
 * two days (hourly buckets; 2026-11-01 is 25 hours long in New York), every value of every
 * enumerated parameter, a few of each other one, and a few combinations.
 */
function requestsOf(path: string, parameters: Parameter[]): string[] {
  const names = parameters.map((p) => p.name);
  const ranged = names.includes('from');
  const week = 'from=2026-10-28&to=2026-11-03';
  const out = [path];
  if (ranged) {
    for (const r of [week, 'from=2026-11-01&to=2026-11-01', 'from=2026-10-31&to=2026-11-01']) {
      out.push(`${path}?${r}`);
    }
  }
  const join = (q: string) => `${path}?${ranged ? `${week}&` : ''}${q}`;
  for (const p of parameters.filter((p) => p.name !== 'from' && p.name !== 'to')) {
    const values = p.schema.anyOf?.map((s) => s.const) ?? VALUES[p.name];
    if (!values) throw new Error(`no test values for ${path} ${p.name}`);
    for (const v of values) out.push(join(`${p.name}=${encodeURIComponent(v!)}`));
  }
  return [...out, ...(COMBINED[path] ?? []).map(join)];
}

/** The names of sql/api read through `tracked` readers. */
const used = new Set<string>();

function tracked(reads: DashboardReads): DashboardReads {
  return {
    read(query, params) {
      used.add(query);
      return reads.read(query, params);
    },
  };
}

/** The API's context on each engine: its reads, model runs and alerts; the rest shared. */
async function contexts(): Promise<[ApiContext, ApiContext]> {
  const [duckReads, pgReads] = await twins.open();
  const [duckOther, pgOther] = await twins.open();
  const status: StatusReport = {
    at: new Date(now).toISOString(),
    log: { firstSeq: 1, lastSeq: shop.seq(), bytes: 1_000_000 },
    warehouse: await twins.warehouse.status(),
    lag: { events: 0, seconds: 0, unit: 'events' },
    processor: null,
  };
  const alerts = sampleAlerts();
  await twins.onBoth(async (s) => {
    // Saved open, then resolved: both writes of the store.
    await alertStore(s).save(alerts.map((a) => ({ ...a, state: 'open', resolvedAt: null })));
    await alertStore(s).save(alerts);
  });
  const open = await twins.onBoth((s) => alertStore(s).open());
  expect(open[1]).toEqual(open[0]);
  expect(open[0].map((a) => a.id)).toEqual(['a-open']);
  const health = await healthOnDuckDb(duckOther);
  const contextOf = (reads: SqlSession, other: SqlSession): ApiContext => {
    const models = createModelService({ session: other, modelsDir: MODELS_DIR, settings, clock });
    return {
      reads: tracked(createReads([reads])),
      status: () => Promise.resolve(status),
      modelRuns: (limit) => models.runs(limit),
      health: () => Promise.resolve(health),
      alerts: (limit) => alertStore(other).recent(limit),
      reportTimeZone: TZ,
      now: () => now,
      today: () => localDay(now, TZ),
    };
  };
  return [contextOf(duckReads, duckOther), contextOf(pgReads, pgOther)];
}

/** The monitor's report, shared by both APIs: health is the monitor's, not the API's SQL. */
async function healthOnDuckDb(session: SqlSession): Promise<HealthReport> {
  const monitor = createMonitor({
    source: sqlMonitorSource({
      session,
      position: () =>
        Promise.resolve({ bronzeNewestAt: now, silverNewestAt: now, lagEvents: 0, lagSeconds: 0 }),
      dataDir: tmpdir(),
      databaseFile: null,
      now: clock.now,
    }),
    store: { ...alertStore(session), save: noSave },
    settings: loadConfig({}, { 'collector.writeKeys': 'k' }).monitor,
    clock,
    logger: silentLogger,
  });
  return monitor.run();
}

function sampleAlerts(): Alert[] {
  const at = (ms: number) => new Date(ms).toISOString();
  const base = { severity: 'warning' as const, unit: 's', value: 12.5, detail: 'late by 12.5 s' };
  return [
    {
      ...base,
      id: 'a-open',
      check: 'lag',
      state: 'open',
      title: 'Processing lag',
      openedAt: at(now - 600_000),
      updatedAt: at(now - 60_000),
      resolvedAt: null,
    },
    {
      ...base,
      id: 'a-resolved',
      check: 'freshness.bronze',
      severity: 'critical',
      state: 'resolved',
      title: 'Bronze freshness',
      value: null,
      openedAt: at(now - 7_200_000),
      updatedAt: at(now - 3_600_123),
      resolvedAt: at(now - 3_600_000),
    },
  ];
}

/**
 * Reports and alerts without what is not the warehouse's: alert ids (random per engine, so
 * numbered by first appearance) and the disk check (the file system's free space moves).
 */
function comparable(items: unknown[]): unknown {
  const ids = new Map<string, string>();
  const text = JSON.stringify(items, (key, value: unknown) => {
    if (key === 'id' && typeof value === 'string') {
      if (!ids.has(value)) ids.set(value, `alert-${ids.size + 1}`);
      return ids.get(value);
    }
    const check = (value as { check?: unknown } | null)?.check;
    return check === 'engine.disk' ? { check } : value;
  });
  return JSON.parse(text) as unknown;
}

async function answer(app: { request(url: string): Response | Promise<Response> }, url: string) {
  const res = await app.request(url);
  return { status: res.status, body: await res.json() };
}

/** Where two JSON values part (up to 10 places), as `path: duckdb value, postgres value`. */
function changes(duck: unknown, pg: unknown, path = '', out: string[] = []): string[] {
  if (out.length >= 10) return out;
  if (typeof duck === 'object' && duck && typeof pg === 'object' && pg) {
    const keys = new Set([...Object.keys(duck), ...Object.keys(pg)]);
    for (const k of keys) {
      changes(
        (duck as Record<string, unknown>)[k],
        (pg as Record<string, unknown>)[k],
        `${path}.${k}`,
        out,
      );
    }
  } else if (!Object.is(duck, pg)) {
    out.push(`${path}: duckdb ${JSON.stringify(duck)}, postgres ${JSON.stringify(pg)}`);
  }
  return out;
}

const noSave = () => Promise.resolve();
const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();
