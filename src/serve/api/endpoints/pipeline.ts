import { Type } from '@sinclair/typebox';
import { toSqlTimestamp } from '../../../core/time.js';
import { Count, Instant, defineEndpoint, iso, isoOrNull } from '../endpoint.js';
import {
  AlertRecord,
  Check,
  HealthSummary,
  OpenAlert,
  alertRecordOf,
  checksOf,
  openAlertOf,
  summaryOf,
} from '../health.js';
import type { Row } from '../reads.js';

/** How far back the ingest chart reaches, and the window of the rate KPI (minutes). */
const INGEST_MINUTES = 60;
const RATE_MINUTES = 5;
/** How many of the newest alerts, open and resolved, the history lists. */
const HISTORY = 50;

const durationMs = (started: unknown, finished: unknown): number | null =>
  finished == null ? null : Math.max(0, Date.parse(iso(finished)) - Date.parse(iso(started)));

export const pipeline = defineEndpoint({
  path: '/pipeline',
  summary: "Ingest, processing lag, model runs, and the monitor's health and alerts",
  description: [
    'What the pipeline is doing now: the log (bronze) and the processor checkpoint, lag in records and seconds, processor statistics, warehouse counts, and stored events per minute over the last hour.',
    'The per-minute counts come from the live counters and are by event time (a late event counts in its own, older minute; events stamped in the future are left out); the rate is the mean of the last 5 whole minutes.',
    'The newest `runs` runs of the model runner (model builds and data test runs), and every model of the newest finished build with its mode, rows and duration.',
    `The monitor's newest health report (every check with its status and summary), its open alerts, and the newest ${HISTORY} alerts open or resolved (see docs/monitoring.md).`,
  ].join(' '),
  params: Type.Object({
    runs: Type.Optional(
      Type.String({
        pattern: '^([1-9]|[1-9][0-9]|1[0-9][0-9]|200)$',
        description: 'how many recent runs to list, 1-200 (default 30)',
      }),
    ),
  }),
  response: Type.Object({
    at: Instant('when the numbers were read'),
    ingest: Type.Object({
      logFirstSeq: Type.Integer({ minimum: 0, description: 'first sequence kept in the log' }),
      logLastSeq: Type.Integer({ minimum: 0, description: 'last durable sequence in the log' }),
      logBytes: Type.Integer({ minimum: 0, description: 'size of the log' }),
      checkpoint: Type.Integer({ minimum: 0, description: 'last log sequence processed' }),
      lagEvents: Count('log records not processed yet; broker messages when lagUnit says so'),
      lagUnit: Type.Union([Type.Literal('events'), Type.Literal('messages')], {
        description:
          'what lagEvents counts: events (the embedded log) or messages (NATS, many events each)',
      }),
      lagSeconds: Type.Number({
        minimum: 0,
        description: 'how long the oldest unprocessed record has waited (0 without lag)',
      }),
      perMinute: Type.Array(
        Type.Object({
          minute: Instant('minute start (event time)'),
          events: Count('stored events'),
          orders: Count('orders'),
        }),
        { description: `every minute of the last ${INGEST_MINUTES}, empty ones too, oldest first` },
      ),
      eventsPerMinute: Type.Number({
        minimum: 0,
        description: `stored events per minute over the last ${RATE_MINUTES} whole minutes (event time)`,
      }),
    }),
    processor: Type.Union(
      [
        Type.Object({
          processed: Count('log records processed since the processor started'),
          stored: Count('of those, stored in silver'),
          quarantined: Count('of those, quarantined'),
          duplicates: Count('of those, duplicates found by the warehouse'),
          batches: Count('micro-batches committed'),
          avgBatchSize: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
          lastBatchMs: Type.Number({ minimum: 0, description: 'duration of the last batch' }),
          lastError: Type.Union([Type.String(), Type.Null()]),
          visibleP50Ms: Type.Number({ description: 'receive-to-visible latency, median (ms)' }),
          visibleP99Ms: Type.Number({ description: 'receive-to-visible latency, p99 (ms)' }),
          visibleMaxMs: Type.Number({ description: 'receive-to-visible latency, max (ms)' }),
          latencySamples: Count('recent events the latencies are measured on'),
        }),
        Type.Null(),
      ],
      { description: 'null when the processor runs elsewhere' },
    ),
    warehouse: Type.Object({
      silverEvents: Count('events stored in silver'),
      orders: Count('orders'),
      refunds: Count('refunds and cancellations'),
      traits: Count('identify traits rows'),
      quarantined: Count('quarantine rows not resolved'),
      quarantineByReason: Type.Record(Type.String(), Type.Integer({ minimum: 0 }), {
        description: 'unresolved quarantine rows per reason',
      }),
      newestEventAt: Type.Union([Instant('event time of the newest stored event'), Type.Null()]),
      newestReceivedAt: Type.Union([Instant('arrival of the newest stored event'), Type.Null()]),
    }),
    runs: Type.Array(
      Type.Object({
        runId: Type.String(),
        kind: Type.String({ description: "'models' (a build) or 'tests' (a data test run)" }),
        trigger: Type.String({ description: 'schedule, manual, admin, test, ...' }),
        startedAt: Instant('start'),
        finishedAt: Type.Union([Instant('end'), Type.Null()]),
        status: Type.String({
          description: 'models: running, success, error; tests: running, pass, warn, fail',
        }),
        durationMs: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
        selected: Count('models or tests selected'),
        succeeded: Count('models built or tests passed'),
        failed: Count('models failed, or tests failed or errored'),
        skipped: Count('models skipped (upstream failed), or tests warned'),
        error: Type.Union([Type.String(), Type.Null()]),
      }),
      { description: 'newest first' },
    ),
    lastModelRun: Type.Union([
      Type.Object({
        runId: Type.String(),
        startedAt: Instant('start'),
        finishedAt: Type.Union([Instant('end'), Type.Null()]),
        status: Type.String({ description: 'success or error' }),
        durationMs: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
        selected: Count('models selected'),
        succeeded: Count('models built'),
        failed: Count('models failed'),
        skipped: Count('models skipped: unchanged, or below a failed one'),
        models: Type.Array(
          Type.Object({
            model: Type.String(),
            materialized: Type.String({ description: 'view, table or incremental' }),
            mode: Type.String({ description: 'view, full, incremental or unchanged' }),
            status: Type.String({ description: 'success, error or skipped' }),
            durationMs: Type.Integer({ minimum: 0 }),
            rows: Type.Union([Type.Integer(), Type.Null()], {
              description: 'rows written (null for views and skipped models)',
            }),
            windowStart: Type.Union([Instant('incremental window start'), Type.Null()]),
            error: Type.Union([Type.String(), Type.Null()]),
          }),
          { description: 'slowest first' },
        ),
      }),
      Type.Null(),
    ]),
    health: Type.Composite(
      [
        HealthSummary,
        Type.Object({
          checks: Type.Array(Check, {
            description:
              "every check, critical first, then warnings, then ok, in the monitor's order",
          }),
        }),
      ],
      { description: "the monitor's newest report" },
    ),
    alerts: Type.Array(OpenAlert, { description: 'the open alerts, critical first' }),
    alertHistory: Type.Array(AlertRecord, {
      description: `the newest ${HISTORY} alerts, open and resolved, newest opened first`,
    }),
  }),
  async handle(params, ctx) {
    const now = ctx.now();
    const minuteNow = Math.floor(now / 60_000) * 60_000;
    const since = minuteNow - (INGEST_MINUTES - 1) * 60_000;
    const [status, minutes, runRows, [last], health, history] = await Promise.all([
      ctx.status(),
      ctx.reads.read('pipeline_ingest_minutes', [
        toSqlTimestamp(since),
        toSqlTimestamp(minuteNow + 60_000),
      ]),
      ctx.reads.read('pipeline_runs', [Number(params.runs ?? 30)]),
      ctx.reads.read('pipeline_last_model_run', []),
      ctx.health(),
      ctx.alerts(HISTORY),
    ]);
    const models = last ? await ctx.reads.read('pipeline_model_runs', [String(last.run_id)]) : [];

    const byMinute = new Map(minutes.map((r) => [Date.parse(iso(r.minute)), r]));
    const perMinute = Array.from({ length: INGEST_MINUTES }, (_, i) => {
      const at = since + i * 60_000;
      const r = byMinute.get(at);
      return {
        minute: new Date(at).toISOString(),
        events: Number(r?.events ?? 0),
        orders: Number(r?.orders ?? 0),
      };
    });
    // The last whole minutes: the current one is still filling.
    const whole = perMinute.slice(-RATE_MINUTES - 1, -1);
    const eventsPerMinute = whole.reduce((a, m) => a + m.events, 0) / RATE_MINUTES;

    const p = status.processor;
    const w = status.warehouse;
    return {
      at: new Date(now).toISOString(),
      ingest: {
        logFirstSeq: status.log.firstSeq,
        logLastSeq: status.log.lastSeq,
        logBytes: status.log.bytes,
        checkpoint: p?.checkpoint ?? w.checkpoints.silver ?? 0,
        lagEvents: status.lag.events,
        lagUnit: status.lag.unit,
        lagSeconds: status.lag.seconds,
        perMinute,
        eventsPerMinute,
      },
      processor: p && {
        processed: p.processed,
        stored: p.stored,
        quarantined: p.quarantined,
        duplicates: p.duplicates,
        batches: p.batches,
        avgBatchSize: p.batches > 0 ? p.processed / p.batches : null,
        lastBatchMs: p.lastBatchMs,
        lastError: p.lastError,
        visibleP50Ms: p.visibleMs.p50,
        visibleP99Ms: p.visibleMs.p99,
        visibleMaxMs: p.visibleMs.max,
        latencySamples: p.visibleMs.samples,
      },
      warehouse: {
        silverEvents: w.silverEvents,
        orders: w.orders,
        refunds: w.refunds,
        traits: w.traits,
        quarantined: w.quarantined,
        quarantineByReason: w.quarantineByReason,
        newestEventAt: isoOrNull(w.newestEventAt),
        newestReceivedAt: isoOrNull(w.newestReceivedAt),
      },
      runs: runRows.map((r) => ({
        runId: String(r.run_id),
        kind: String(r.kind),
        trigger: String(r.trigger),
        startedAt: iso(r.started_at),
        finishedAt: isoOrNull(r.finished_at),
        status: String(r.status),
        durationMs: durationMs(r.started_at, r.finished_at),
        selected: Number(r.selected),
        succeeded: Number(r.succeeded),
        failed: Number(r.failed),
        skipped: Number(r.skipped),
        error: (r.error as string | null) ?? null,
      })),
      lastModelRun: last ? modelRunOf(last, models) : null,
      health: { ...summaryOf(health), checks: checksOf(health) },
      alerts: health.alerts.map(openAlertOf),
      alertHistory: history.map((a) => alertRecordOf(a, now)),
    };
  },
});

function modelRunOf(r: Row, models: Row[]) {
  return {
    runId: String(r.run_id),
    startedAt: iso(r.started_at),
    finishedAt: isoOrNull(r.finished_at),
    status: String(r.status),
    durationMs: durationMs(r.started_at, r.finished_at),
    selected: Number(r.selected),
    succeeded: Number(r.succeeded),
    failed: Number(r.failed),
    skipped: Number(r.skipped),
    models: models.map((m) => ({
      model: String(m.model),
      materialized: String(m.materialized),
      mode: String(m.mode),
      status: String(m.status),
      durationMs: Math.max(0, Number(m.duration_ms)),
      rows: m.rows_affected == null ? null : Number(m.rows_affected),
      windowStart: isoOrNull(m.window_start),
      error: (m.error as string | null) ?? null,
    })),
  };
}
