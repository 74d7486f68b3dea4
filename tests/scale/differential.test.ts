import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgSession } from '../../src/adapters/postgres/session.js';
import { silentLogger } from '../../src/core/logger.js';
import { MODELS_DIR } from '../../src/core/paths.js';
import type { SqlSession } from '../../src/core/ports.js';
import { createGenerator, type WireItem } from '../../src/generate/index.js';
import { createModelService, settingsFrom } from '../../src/model/service.js';
import { closeServer, createApps, listen } from '../../src/cli/server.js';
import { openCollectorRole } from '../../src/cli/roles/collector.js';
import { openProcessorRole } from '../../src/cli/roles/processor.js';
import { openDashboardRole } from '../../src/cli/roles/dashboard.js';
import { startInstance } from '../helpers.js';
import { postItems, scaleSpace, until } from './harness.js';
import { differences, SILVER_TABLES } from '../models/pg-harness.js';

/**
 * The scale-out differential test: one generated data set, anomalies included, posted over
 * HTTP to the embedded instance (file log + DuckDB) and to a scaled-out one (a collector
 * publishing to NATS JetStream, two processors sharing its consumer, PostgreSQL), must give
 * the same silver row counts, the same quarantine counts by reason, and the same mart rows,
 * money exact. Both run on one fixed clock, so validation and the models see the same now.
 */
const START = Date.parse('2026-10-30T00:00:00Z');
const NOW = START + 5 * 86_400_000;
const ITEMS = 4000;
const clock = { now: () => NOW };

const items: WireItem[] = (() => {
  const g = createGenerator({
    seed: 7,
    simulateFrom: START,
    eventsPerSecond: ITEMS / (4 * 86_400),
    now: () => NOW,
  });
  return Array.from({ length: ITEMS }, () => g.next());
})();

let embedded: Awaited<ReturnType<typeof startInstance>> | undefined;
let space: Awaited<ReturnType<typeof scaleSpace>> | undefined;
const closers: (() => Promise<void>)[] = [];
let pg: SqlSession | undefined;

beforeAll(async () => {
  embedded = await startInstance({ clock });
  space = await scaleSpace();
}, 60_000);

afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  await pg?.close();
  await embedded?.close();
  await space?.drop();
});

describe('embedded and scaled out (NATS JetStream + PostgreSQL) give the same results', () => {
  it('silver, quarantine by reason and every mart row', async () => {
    const config = space!.config({ 'processor.batchSize': 500 });
    const collector = await openCollectorRole(config, silentLogger, clock);
    const { server, url } = await listen(collector.app, '127.0.0.1', 0);
    closers.push(async () => {
      await closeServer(server);
      await collector.close();
    });
    const processors = [];
    for (let i = 0; i < 2; i++) {
      const p = await openProcessorRole(config, silentLogger, clock);
      p.processor.start();
      closers.push(() => p.close());
      processors.push(p.processor);
    }
    pg = await PgSession.connect(config.warehouse.url);

    await postItems(embedded!.url, items);
    await postItems(url, items);
    await embedded!.rt.processor.drain();
    const duck = await embedded!.rt.warehouse.openSession();
    closers.push(() => duck.close());
    const total = async (s: SqlSession) =>
      Number(
        (
          await s.queryRows(
            'select (select count(*) from silver_events) + (select count(*) from quarantine) as n',
          )
        )[0]!.n,
      );
    const expected = await total(duck);
    expect(expected).toBeGreaterThan(ITEMS * 0.9);
    await until(async () => (await total(pg!)) >= expected, 60_000, 'the processors to commit');
    expect(await total(pg)).toBe(expected);
    // Both processors took deliveries from the one shared consumer.
    for (const p of processors) expect(p.stats().processed).toBeGreaterThan(0);
    expect(processors.reduce((n, p) => n + p.stats().processed, 0)).toBe(expected);

    for (const table of SILVER_TABLES) {
      const count = `select count(*) as n from ${table}`;
      const [d, p] = [await duck.queryRows(count), await pg.queryRows(count)];
      expect.soft(Number(p[0]!.n), table).toBe(Number(d[0]!.n));
    }
    const byReason = 'select reason, count(*) as n from quarantine group by reason order by reason';
    const reasons = await duck.queryRows(byReason);
    expect(reasons.map((r) => r.reason)).toEqual(
      expect.arrayContaining(['duplicate', 'malformed_json', 'future_timestamp']),
    );
    expect(await pg.queryRows(byReason)).toEqual(reasons);

    const settings = settingsFrom(config);
    const run = async (session: SqlSession) => {
      const models = createModelService({ session, modelsDir: MODELS_DIR, settings, clock });
      const summary = await models.run({ trigger: 'test' });
      return { models, summary };
    };
    const [d, p] = [await run(duck), await run(pg)];
    expect(p.summary.models.filter((m) => m.status === 'error')).toEqual([]);
    const marts = d.models
      .list()
      .map((m) => m.name)
      .filter((name) => /^(mart|fct|dim)_/.test(name));
    expect(marts.length).toBeGreaterThan(10);
    let compared = 0;
    for (const mart of marts) {
      const sql = `select * from ${mart}`;
      const [dRows, pRows] = [await duck.queryRows(sql), await pg.queryRows(sql)];
      expect.soft(pRows.length, `${mart}: rows`).toBe(dRows.length);
      expect.soft(differences(dRows, pRows), mart).toEqual([]);
      compared += dRows.length;
    }
    expect(compared).toBeGreaterThan(1000);

    // The dashboard role over PostgreSQL answers as the embedded dashboard over DuckDB.
    const board = await openDashboardRole(config, silentLogger, clock);
    const apps = createApps(board, config, clock, silentLogger);
    closers.push(async () => {
      apps.close();
      await board.close();
    });
    // Each log numbers its records its own way: Quality's samples (the newest quarantine rows
    // by seq) and the freshness details (which name seqs) differ by design.
    const comparable = ({ samples, freshness, ...rest }: Record<string, unknown>) => ({
      ...rest,
      samples: Array.isArray(samples) ? samples.length : samples,
      freshness: Array.isArray(freshness)
        ? freshness.map(({ detail: _, ...f }: Record<string, unknown>) => f)
        : freshness,
    });
    for (const path of ['/overview', '/funnel', '/customers', '/products', '/quality']) {
      const want = (await (await fetch(`${embedded!.url}/api/v1${path}`)).json()) as Record<
        string,
        unknown
      >;
      const res = await apps.main.request(`/api/v1${path}`);
      expect(res.status, path).toBe(200);
      expect
        .soft(comparable((await res.json()) as Record<string, unknown>), path)
        .toEqual(comparable(want));
    }
    const status = (await (await apps.main.request('/admin/v1/status')).json()) as {
      warehouse: { silverEvents: number };
      lag: { events: number };
    };
    expect(status.warehouse.silverEvents).toBe(
      Number((await duck.queryRows('select count(*) as n from silver_events'))[0]!.n),
    );
    expect(status.lag.events).toBe(0);
    // The monitor's view of the broker: bronze and silver just arrived, nothing waiting.
    const health = (await (
      await apps.main.request('/admin/v1/monitor/run', { method: 'POST' })
    ).json()) as { checks: { check: string; status: string; value: number | null }[] };
    const check = (name: string) => health.checks.find((c) => c.check === name);
    for (const name of ['freshness.bronze', 'freshness.silver', 'lag']) {
      expect(check(name), name).toMatchObject({ status: 'ok', value: 0 });
    }
  }, 240_000);
});
