import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDbWarehouse } from '../src/adapters/duckdb/warehouse.js';
import { loadConfig } from '../src/core/config.js';
import type { SqlSession } from '../src/core/ports.js';
import { toSqlTimestamp } from '../src/core/time.js';
import { freshnessChecks } from '../src/monitor/checks/freshness.js';
import { qualityCheck } from '../src/monitor/checks/quality.js';
import { volumeChecks } from '../src/monitor/checks/volume.js';
import { sqlMonitorSource, type PipelinePosition } from '../src/monitor/source.js';
import { tempDir } from './helpers.js';

const NOW = Date.parse('2026-11-20T12:02:30Z');
const MIN = 60_000;
const settings = (flags: Record<string, unknown> = {}) =>
  loadConfig({}, { 'collector.writeKeys': 'k', ...flags }).monitor;
const position = { bronzeNewestAt: NOW, silverNewestAt: NOW, lagEvents: 0, lagSeconds: 0 };

let dir: string;
let warehouse: DuckDbWarehouse;
let session: SqlSession;
beforeEach(async () => {
  dir = await tempDir();
  warehouse = await DuckDbWarehouse.open(
    join(dir, 'w.duckdb'),
    { now: () => NOW },
    { checkpointMb: 16 },
  );
  await warehouse.migrate();
  session = await warehouse.openSession();
});
afterEach(async () => {
  await session.close();
  await warehouse.close();
  await rm(dir, { recursive: true, force: true });
});

const source = () =>
  sqlMonitorSource({
    session,
    position: async () => position,
    dataDir: dir,
    databaseFile: null,
    now: () => NOW,
  });

/** Per-minute counters: `events` events, `orders` orders worth 25.00 each, every minute of [from, to). */
async function minutes(from: number, to: number, events: number, orders = 0) {
  for (let t = from; t < to; t += MIN) {
    await session.exec(
      `insert into live_counters values ('minute', cast($1 as timestamp), 'page_viewed', $2, 0, $3, $4, 0)`,
      [toSqlTimestamp(t), events, orders, (orders * 25).toFixed(2)],
    );
  }
}

describe('lag check (the age of the oldest unprocessed record)', () => {
  it('warns at 60 s, is critical at 300 s, and says what it counts', async () => {
    const lag = async (p: Partial<PipelinePosition>) =>
      (
        await freshnessChecks(
          { source: source(), settings: settings(), now: NOW },
          { ...position, ...p },
        )
      ).find((c) => c.check === 'lag');
    expect(await lag({})).toMatchObject({ status: 'ok', summary: 'Processing: no lag' });
    expect(await lag({ lagEvents: 40, lagSeconds: 59 })).toMatchObject({
      status: 'ok',
      summary: 'Processing lag: 40 records, the oldest waiting 59 s',
    });
    expect(await lag({ lagEvents: 40, lagSeconds: 60 })).toMatchObject({ status: 'warning' });
    // On NATS each message holds many events: the count is of messages, and says so.
    expect(await lag({ lagEvents: 7, lagUnit: 'messages', lagSeconds: 300 })).toMatchObject({
      status: 'critical',
      value: 300,
      summary: 'Processing lag: 7 messages, the oldest waiting 5 min',
    });
  });
});

describe('volume checks (5-minute windows, 12 trailing, 7 days)', () => {
  // The window is [11:57, 12:02): the minute 12:02 is still filling.
  const end = Date.parse('2026-11-20T12:02:00Z');
  const start = end - 5 * MIN;

  it('call a drop to zero a critical outage against the trailing hour and previous days', async () => {
    await minutes(start - 60 * MIN, start, 20, 8); // 100 events, 40 orders a window
    for (let d = 1; d <= 7; d++) await minutes(start - d * 86_400_000, end - d * 86_400_000, 20, 8);
    const [events, orders, revenue] = await volumeChecks(
      { source: source(), settings: settings(), now: NOW },
      position,
    );
    expect(events).toMatchObject({ check: 'volume.events', status: 'critical', value: 0 });
    expect(events!.details.direction).toBe('drop');
    // median 100, MAD 0, floor sqrt(100) = 10: z = -10 on both baselines.
    expect(events!.details.baselines).toEqual([
      {
        baseline: 'trailing',
        samples: 12,
        expected: 100,
        scale: 10,
        z: -10,
        change: -1,
        verdict: 'drop',
      },
      {
        baseline: 'seasonal',
        samples: 7,
        expected: 100,
        scale: 10,
        z: -10,
        change: -1,
        verdict: 'drop',
      },
    ]);
    expect(orders).toMatchObject({ status: 'critical', value: 0 });
    // Revenue 1000.00 a window; floor 1000 / sqrt(40) = 158.11: z = -6.32, critical at zero.
    expect(revenue).toMatchObject({ status: 'critical', value: 0 });
    expect((revenue!.details.baselines as { z: number }[])[0]!.z).toBeCloseTo(-6.32, 2);
  });

  it('accept a quiet window that the same time on previous days expects', async () => {
    await minutes(start - 60 * MIN, start, 20);
    await minutes(start, end, 6); // 30 now: a drop against the trailing hour...
    for (let d = 1; d <= 7; d++) await minutes(start - d * 86_400_000, end - d * 86_400_000, 6);
    const [events] = await volumeChecks(
      { source: source(), settings: settings(), now: NOW },
      position,
    );
    // ...but every previous day had 30 here too: no alert.
    expect(events).toMatchObject({ status: 'ok', value: 30 });
    expect((events!.details.baselines as { verdict: string }[]).map((b) => b.verdict)).toEqual([
      'drop',
      'normal',
    ]);
  });

  it('flag a spike, and judge nothing on too short a history or too thin traffic', async () => {
    await minutes(start - 60 * MIN, start, 20, 2);
    await minutes(start, end, 60, 2); // 300 events against 100: z = 20
    const [events, orders] = await volumeChecks(
      { source: source(), settings: settings(), now: NOW },
      position,
    );
    expect(events).toMatchObject({ status: 'critical', value: 300 });
    expect(events!.details.direction).toBe('spike');
    expect(orders!.summary).toMatch(/too thin/); // 10 orders a window < 20 expected
    // Only three windows of history: fewer than the 6 samples a baseline needs.
    await session.exec('delete from live_counters where bucket_at < $1', [
      toSqlTimestamp(start - 15 * MIN),
    ]);
    const [short] = await volumeChecks(
      { source: source(), settings: settings(), now: NOW },
      position,
    );
    expect(short).toMatchObject({ status: 'ok', value: 300 });
    expect(short!.summary).toMatch(/too thin/);
  });

  it('does not judge volume while processing lags', async () => {
    await minutes(start - 60 * MIN, start, 20);
    const lagging = { ...position, lagEvents: 5000, lagSeconds: 200 };
    const [events] = await volumeChecks(
      { source: source(), settings: settings(), now: NOW },
      lagging,
    );
    expect(events).toMatchObject({ status: 'ok', value: null });
    expect(events!.summary).toMatch(/processing lags/);
  });
});

describe('quality check (5-minute window, the hour before as its trend)', () => {
  const windowStart = NOW - 5 * MIN;
  let seq = 0;
  async function stored(n: number, at: number) {
    await session.exec(
      `insert into silver_events (seq, message_id, type, event_type, user_key, event_at, received_at, device_type, is_bot, write_key_id, request_id, source)
       select $1 + i, 'm' || ($1 + i), 'track', 'page_viewed', 'u', cast($2 as timestamp), cast($2 as timestamp), 'desktop', false, 'k', 'r', 'http'
       from range($3) t(i)`,
      [seq, toSqlTimestamp(at), n],
    );
    seq += n;
  }
  async function quarantined(reason: string, n: number, at: number) {
    await session.exec(
      `insert into quarantine (seq, quarantined_at, received_at, reason, detail, write_key_id, request_id, source, raw)
       select $1 + i, cast($2 as timestamp), cast($2 as timestamp), $3, '', 'k', 'r', 'http', '{}' from range($4) t(i)`,
      [seq, toSqlTimestamp(at), reason, n],
    );
    seq += n;
  }

  it('scores the quarantined share without duplicates against the thresholds', async () => {
    await stored(1000, windowStart - 30 * MIN);
    await quarantined('schema_violation', 5, windowStart - 30 * MIN);
    await stored(200, windowStart + MIN);
    await quarantined('missing_identity', 6, windowStart + MIN);
    await quarantined('bad_timestamp', 4, windowStart + 2 * MIN);
    await quarantined('duplicate', 20, windowStart + 2 * MIN);
    const q = await qualityCheck({ source: source(), settings: settings(), now: NOW });
    // 10 bad of 230 records (200 stored + 10 bad + 20 duplicates) = 4.35%: over 2%, under 10%.
    expect(q).toMatchObject({ check: 'quality.quarantine', status: 'warning' });
    expect(q.value).toBeCloseTo(10 / 230, 10);
    expect(q.details).toMatchObject({ records: 230, quarantined: 10, trendRecords: 1005 });
    expect(q.summary).toMatch(/missing_identity 6, bad_timestamp 4/);
  });

  it('warns on a share rising well above its own trend while under the threshold', async () => {
    await stored(10_000, windowStart - 30 * MIN);
    await quarantined('schema_violation', 10, windowStart - 30 * MIN);
    await stored(1000, windowStart + MIN);
    await quarantined('schema_violation', 8, windowStart + MIN);
    const q = await qualityCheck({ source: source(), settings: settings(), now: NOW });
    // 8 / 1008 = 0.79% < 2%, but 8x its trend of 0.1% and z = (8 - 1.008) / 1.0035 = 6.97.
    expect(q).toMatchObject({ status: 'warning' });
    expect(q.details.rising).toBe(true);
    expect(q.summary).toMatch(/7\.9x its trend/);
    // The same share with the same trend is no news.
    await quarantined('schema_violation', 70, windowStart - 30 * MIN);
    expect((await qualityCheck({ source: source(), settings: settings(), now: NOW })).status).toBe(
      'ok',
    );
  });
});
