import { Type } from '@sinclair/typebox';
import { QUARANTINE_REASONS } from '../../../core/reasons.js';
import {
  Count,
  Day,
  Instant,
  RangeParams,
  Rate,
  defineEndpoint,
  iso,
  isoOrNull,
  rangeOf,
} from '../endpoint.js';
import { addDays } from '../range.js';
import type { Row } from '../reads.js';
import { FRESHNESS_DESCRIPTION, Freshness, freshnessOf } from './quality-freshness.js';

/** Sample rows shown per quarantine reason, and how much of each raw payload. */
const SAMPLES_PER_REASON = 5;
const RAW_CHARS = 2048;

const TestStatus = Type.Union(
  [Type.Literal('pass'), Type.Literal('warn'), Type.Literal('fail'), Type.Literal('error')],
  {
    description:
      'pass: no failing rows; warn: failing rows of a warn-severity test; fail: failing rows of an error-severity test; error: the test could not run',
  },
);

/** A rate in [0, 1] of `part` over `whole`, or null without a denominator. */
const rate = (part: number, whole: number): number | null =>
  whole > 0 ? Math.min(1, Math.max(0, part / whole)) : null;

/** The buckets of a range: local days, or local hour starts for a range of 1-2 days. */
function bucketsOf(from: string, days: number, grain: 'day' | 'hour'): string[] {
  const out: string[] = [];
  for (let i = 0; i < days; i++) {
    const day = addDays(from, i);
    if (grain === 'day') out.push(day);
    else for (let h = 0; h < 24; h++) out.push(`${day} ${String(h).padStart(2, '0')}:00`);
  }
  return out;
}

/** A warehouse bucket ('YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS') as the response's key. */
const bucketKey = (v: unknown) => String(v).slice(0, 16);

function parseSample(text: unknown): Record<string, unknown>[] | null {
  if (typeof text !== 'string' || text === '') return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as Record<string, unknown>[]) : null;
  } catch {
    return null;
  }
}

const Counts = Type.Object({
  received: Count('events received: stored in silver plus quarantined and still unresolved'),
  stored: Count('events stored in silver (by event time, from the live per-minute counters)'),
  quarantined: Count('quarantine rows by arrival time, unresolved and resolved'),
  resolved: Count('of those, resolved since: replayed into silver'),
  quarantineRate: Rate('quarantined / received'),
  qualityScore: Rate(
    '1 - quarantine rate: the share of received events that went straight to silver',
  ),
});

export const quality = defineEndpoint({
  path: '/quality',
  summary: 'Quarantine by reason over time, data test results, freshness per layer',
  description: [
    'Quarantined events by reason per local day of arrival (per local hour when the range is 1-2 days), with totals, shares and up to 5 sample rows per reason (raw payload cut to 2048 characters).',
    'Quarantine rows count by arrival time (received_at; many have no valid event time) and include resolved rows (replayed into silver since), which are also counted apart. Stored events count by event time from the live per-minute counters (the marts have no arrival time and pages never scan silver): for live traffic the two agree within seconds; for a backfill of old events the per-bucket rates are skewed, the range totals are not.',
    'Received = stored + unresolved quarantined (a resolved row is in silver already); quarantine rate = quarantined / received; quality score = 1 - quarantine rate.',
    'Data tests: the latest result of each test among the last 20 test runs, with counts by status and, for failing tests, since when they fail (their first failure after their last pass, looking back at most 30 days) and up to 5 failing sample rows.',
    FRESHNESS_DESCRIPTION,
  ].join(' '),
  params: Type.Object({ ...RangeParams }),
  response: Type.Object({
    range: Type.Object({ from: Day('first day'), to: Day('last day'), days: Type.Integer() }),
    timeZone: Type.String({ description: 'the reporting time zone the days and hours are in' }),
    grain: Type.Union([Type.Literal('day'), Type.Literal('hour')], {
      description: 'bucket size of `buckets`: hour for a range of 1-2 days, else day',
    }),
    totals: Counts,
    buckets: Type.Array(
      Type.Object({
        bucket: Type.String({
          description: 'local day (YYYY-MM-DD) or local hour start (YYYY-MM-DD HH:MM)',
        }),
        ...Counts.properties,
        byReason: Type.Record(Type.String(), Type.Integer({ minimum: 0 }), {
          description: 'quarantine rows per reason code (reasons without rows are absent)',
        }),
      }),
      { description: 'every bucket of the range, empty ones too' },
    ),
    daily: Type.Array(Type.Object({ day: Day('local day'), ...Counts.properties }), {
      description: 'the quality score per local day of the range',
    }),
    reasons: Type.Array(
      Type.Object({
        reason: Type.String({ description: 'quarantine reason code (src/core/reasons.ts)' }),
        description: Type.String({ description: 'what the reason means' }),
        events: Count('quarantine rows with this reason that arrived in the range'),
        unresolved: Count('still in quarantine'),
        resolved: Count('replayed into silver since'),
        replayed: Count('replayed at least once (stored or quarantined again)'),
        shareOfQuarantined: Rate('events / all quarantine rows of the range'),
        shareOfReceived: Rate('events / received events of the range'),
        firstAt: Instant('first arrival'),
        lastAt: Instant('last arrival'),
      }),
      { description: 'reasons with rows in the range, most rows first' },
    ),
    samples: Type.Array(
      Type.Object({
        seq: Type.Integer({ description: 'ingest sequence number (log seq)' }),
        reason: Type.String(),
        receivedAt: Instant('arrival'),
        quarantinedAt: Instant('when the processor quarantined it'),
        detail: Type.String({ description: 'what exactly was wrong' }),
        messageId: Type.Union([Type.String(), Type.Null()]),
        eventName: Type.Union([Type.String(), Type.Null()]),
        source: Type.String({ description: 'http, import, ...' }),
        replayCount: Type.Integer({ minimum: 0 }),
        resolvedAt: Type.Union([Instant('when a replay stored it'), Type.Null()]),
        resolution: Type.Union([Type.String(), Type.Null()]),
        raw: Type.String({ description: 'the raw payload, cut to its first 2048 characters' }),
        rawLength: Type.Integer({ minimum: 0, description: 'the full payload length' }),
        truncated: Type.Boolean({ description: 'whether `raw` was cut' }),
      }),
      { description: 'the newest 5 rows of each reason in the range' },
    ),
    tests: Type.Object({
      ranAt: Type.Union([Instant('start of the newest test run with results'), Type.Null()]),
      counts: Type.Object({
        total: Count('tests'),
        pass: Count('passing'),
        warn: Count('warning'),
        fail: Count('failing'),
        error: Count('could not run'),
      }),
      results: Type.Array(
        Type.Object({
          name: Type.String(),
          model: Type.String(),
          column: Type.Union([Type.String(), Type.Null()]),
          type: Type.String({ description: 'not_null, unique, expression_is_true, ...' }),
          severity: Type.Union([Type.Literal('warn'), Type.Literal('error')]),
          status: TestStatus,
          failures: Count('failing rows'),
          failingSince: Type.Union([
            Instant('first fail or error after the last pass or warn (at most 30 days back)'),
            Type.Null(),
          ]),
          ranAt: Instant('start of the test run'),
          durationMs: Type.Integer({ minimum: 0 }),
          runId: Type.String(),
          error: Type.Union([Type.String(), Type.Null()], {
            description: 'why the test could not run',
          }),
          sample: Type.Union(
            [Type.Array(Type.Record(Type.String(), Type.Unknown())), Type.Null()],
            { description: 'up to 5 failing rows, when any failed' },
          ),
        }),
        { description: 'failing and warning tests first' },
      ),
    }),
    freshness: Freshness,
  }),
  async handle(params, ctx) {
    const range = rangeOf(params, ctx);
    const tz = ctx.reportTimeZone;
    const grain: 'day' | 'hour' = range.days <= 2 ? 'hour' : 'day';
    const args = [range.from, range.to, tz];
    const [quarantineRows, storedRows, reasonRows, sampleRows, testRows, status, health] =
      await Promise.all([
        ctx.reads.read('quality_quarantine_buckets', [...args, grain]),
        ctx.reads.read('quality_stored_buckets', [...args, grain]),
        ctx.reads.read('quality_reasons', args),
        ctx.reads.read('quality_samples', [...args, SAMPLES_PER_REASON, RAW_CHARS]),
        ctx.reads.read('quality_tests', []),
        ctx.status(),
        ctx.health(),
      ]);

    // Buckets: stored by event time, quarantined by arrival, per reason.
    const keys = bucketsOf(range.from, range.days, grain);
    type Acc = { stored: number; quarantined: number; resolved: number };
    const acc = new Map<string, Acc & { byReason: Record<string, number> }>(
      keys.map((k) => [k, { stored: 0, quarantined: 0, resolved: 0, byReason: {} }]),
    );
    for (const r of storedRows) {
      const b = acc.get(bucketKey(r.bucket));
      if (b) b.stored += Number(r.events);
    }
    for (const r of quarantineRows) {
      const b = acc.get(bucketKey(r.bucket));
      if (!b) continue;
      const n = Number(r.events);
      b.quarantined += n;
      b.resolved += Number(r.resolved);
      b.byReason[String(r.reason)] = (b.byReason[String(r.reason)] ?? 0) + n;
    }
    const counts = (c: Acc) => {
      const received = c.stored + c.quarantined - c.resolved;
      const quarantineRate = rate(c.quarantined, received);
      return {
        received: Math.max(0, received),
        stored: c.stored,
        quarantined: c.quarantined,
        resolved: c.resolved,
        quarantineRate,
        qualityScore: quarantineRate === null ? null : 1 - quarantineRate,
      };
    };
    const buckets = keys.map((k) => {
      const b = acc.get(k)!;
      return { bucket: k, ...counts(b), byReason: b.byReason };
    });
    const perDay = new Map<string, Acc>();
    for (const k of keys) {
      const b = acc.get(k)!;
      const d = perDay.get(k.slice(0, 10)) ?? { stored: 0, quarantined: 0, resolved: 0 };
      d.stored += b.stored;
      d.quarantined += b.quarantined;
      d.resolved += b.resolved;
      perDay.set(k.slice(0, 10), d);
    }
    const all = [...perDay.values()].reduce(
      (a, d) => ({
        stored: a.stored + d.stored,
        quarantined: a.quarantined + d.quarantined,
        resolved: a.resolved + d.resolved,
      }),
      { stored: 0, quarantined: 0, resolved: 0 },
    );
    const totals = counts(all);

    const reasons = reasonRows.map((r) => {
      const events = Number(r.events);
      const code = String(r.reason);
      return {
        reason: code,
        description:
          (QUARANTINE_REASONS as Record<string, string>)[code] ?? 'not a documented reason code',
        events,
        unresolved: Number(r.unresolved),
        resolved: Number(r.resolved),
        replayed: Number(r.replayed),
        shareOfQuarantined: rate(events, totals.quarantined),
        shareOfReceived: rate(events, totals.received),
        firstAt: iso(r.first_at),
        lastAt: iso(r.last_at),
      };
    });

    const samples = sampleRows.map((r) => {
      const rawLength = Number(r.raw_length);
      const raw = String(r.raw ?? '');
      return {
        seq: Number(r.seq),
        reason: String(r.reason),
        receivedAt: iso(r.received_at),
        quarantinedAt: iso(r.quarantined_at),
        detail: String(r.detail),
        messageId: (r.message_id as string | null) ?? null,
        eventName: (r.event_name as string | null) ?? null,
        source: String(r.source),
        replayCount: Number(r.replay_count),
        resolvedAt: isoOrNull(r.resolved_at),
        resolution: (r.resolution as string | null) ?? null,
        raw,
        rawLength,
        truncated: rawLength > raw.length,
      };
    });

    return {
      range,
      timeZone: tz,
      grain,
      totals,
      buckets,
      daily: [...perDay.entries()].map(([day, d]) => ({ day, ...counts(d) })),
      reasons,
      samples,
      tests: testsOf(testRows),
      freshness: freshnessOf(health, status.log.lastSeq),
    };
  },
});

function testsOf(rows: Row[]) {
  const results = rows.map((r) => ({
    name: String(r.test_name),
    model: String(r.model),
    column: (r.column_name as string | null) ?? null,
    type: String(r.test_type),
    severity: r.severity === 'warn' ? ('warn' as const) : ('error' as const),
    status: String(r.status) as 'pass' | 'warn' | 'fail' | 'error',
    failures: Number(r.failures),
    failingSince: isoOrNull(r.failing_since),
    ranAt: iso(r.started_at),
    durationMs: Math.max(0, Number(r.duration_ms)),
    runId: String(r.run_id),
    error: (r.error as string | null) ?? null,
    sample: parseSample(r.sample),
  }));
  const by = (s: string) => results.filter((t) => t.status === s).length;
  const ranAt = results.reduce<string | null>(
    (a, t) => (a === null || t.ranAt > a ? t.ranAt : a),
    null,
  );
  return {
    ranAt,
    counts: {
      total: results.length,
      pass: by('pass'),
      warn: by('warn'),
      fail: by('fail'),
      error: by('error'),
    },
    results,
  };
}
