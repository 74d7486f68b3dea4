import { Type, type Static } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import { ConfigError } from './errors.js';

const Int = (def: number, min = 0) => Type.Integer({ default: def, minimum: min });

export const ConfigSchema = Type.Object({
  dataDir: Type.String({ default: './data', minLength: 1 }),
  logLevel: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'silent'].map((l) => Type.Literal(l)),
    {
      default: 'info',
    },
  ),
  http: Type.Object({
    host: Type.String({ default: '127.0.0.1' }),
    port: Int(8080, 0),
  }),
  collector: Type.Object({
    /** "key:id,key:id"; bronze stores the id, never the key. */
    writeKeys: Type.String({ minLength: 1, pattern: '^[^,:]+(:[^,:]+)?(,[^,:]+(:[^,:]+)?)*$' }),
    maxEventBytes: Int(32 * 1024, 1024),
    maxBatchEvents: Int(2500, 1),
    maxBodyBytes: Int(4 * 1024 * 1024, 1024),
    maxInflightBytes: Int(256 * 1024 * 1024, 1024 * 1024),
    maxRequestsPerKey: Int(256, 1),
  }),
  warehouse: Type.Object({
    /** '' for the embedded DuckDB file in dataDir, or postgres://user@host:port/db. */
    url: Type.String({ default: '', pattern: '^(|postgres(ql)?://.+)$' }),
    checkpointMb: Int(256, 1),
  }),
  log: Type.Object({
    /**
     * '' for the embedded file log in dataDir, or nats://host:port[,host:port...]; user and
     * password (or a token) in the URL, tls:// to require TLS.
     */
    url: Type.String({ default: '', pattern: '^(|(nats|tls)://.+)$' }),
    /** A CA certificate (PEM) the NATS servers' certificates are signed by; implies TLS. */
    tlsCaFile: Type.String({ default: '' }),
    fsync: Type.Boolean({ default: true }),
    segmentBytes: Int(64 * 1024 * 1024, 1024 * 1024),
    /** JetStream: the stream, its subject, the processors' shared durable consumer. */
    stream: Type.String({ default: 'STOREPULSE', pattern: '^[A-Za-z0-9_-]+$' }),
    subject: Type.String({ default: 'storepulse.events', minLength: 1 }),
    consumer: Type.String({ default: 'storepulse-processor', pattern: '^[A-Za-z0-9_-]+$' }),
    /** Stream replicas: 3 on a three-node cluster, 1 on a single server. */
    replicas: Int(1, 1),
    /** A delivery not acknowledged this long (its processor died) goes to another processor. */
    ackWaitSeconds: Int(30, 1),
  }),
  processor: Type.Object({
    batchSize: Int(20_000, 1),
    idleWaitMs: Int(1000, 1),
    lingerMs: Int(100, 0),
    maxBackoffMs: Int(30_000, 100),
    /** Scale-out: commits one event may fail on its data before it is quarantined. */
    poisonAttempts: Int(3, 1),
    maxFutureHours: Int(24, 1),
    defaultCurrency: Type.String({ default: 'USD', pattern: '^[A-Z]{3}$' }),
  }),
  models: Type.Object({
    /** IANA zone for daily buckets; DST is handled by the warehouse's time zone database. */
    reportTimeZone: Type.String({ default: 'UTC', minLength: 1 }),
    /** Seconds between scheduled model refreshes inside `storepulse start`; 0 turns it off. */
    intervalSeconds: Int(60, 0),
    /** Data tests run after a refresh at most this often (they scan whole tables). */
    testIntervalSeconds: Int(300, 0),
    retries: Int(3, 0),
    retryBackoffMs: Int(2000, 10),
    sessionGapMinutes: Int(30, 1),
    /** At most 24: the funnel models' lookback covers a day (see docs/metrics/funnel-retention.md). */
    funnelWindowHours: Type.Integer({ default: 24, minimum: 1, maximum: 24 }),
    hotLeadDays: Int(7, 1),
  }),
  dashboard: Type.Object({
    /** Its own port beside the collector's; absent: the collector's port serves it too. */
    port: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Access token for the dashboard, its API and the admin API; empty: none (loopback only!). */
    token: Type.String({ default: '' }),
    /** How often the live feed looks for new events and counters. */
    liveIntervalMs: Int(500, 50),
  }),
  monitor: Type.Object({
    /** Seconds between scheduled health checks inside `storepulse start`; 0 turns them off. */
    intervalSeconds: Int(15, 0),
    /** Name of this instance in alert notifications. */
    instanceName: Type.String({ default: 'storepulse', minLength: 1 }),
    /** Comma-separated URLs that get each alert as a generic JSON POST. */
    webhooks: Type.String({ default: '' }),
    /** Comma-separated Slack incoming-webhook URLs (Slack-compatible payload). */
    slackWebhooks: Type.String({ default: '' }),
    /** The dashboard's address as people reach it, linked from notifications; '' for none. */
    dashboardUrl: Type.String({ default: '' }),
    /** Age of the newest record in bronze and in silver (arrival time). */
    freshnessWarningSeconds: Int(300, 1),
    freshnessCriticalSeconds: Int(900, 1),
    /** Age of the oldest record not processed yet. */
    lagWarningSeconds: Int(60, 1),
    lagCriticalSeconds: Int(300, 1),
    /** Age of the oldest silver event a mart does not include yet. */
    martWarningSeconds: Int(600, 1),
    martCriticalSeconds: Int(1800, 1),
    /** Volume anomalies: the interval compared, and the baselines it is compared with. */
    volumeWindowSeconds: Int(300, 1),
    volumeTrailingWindows: Int(12, 1),
    volumeSeasonalDays: Int(7, 0),
    volumeMinSamples: Int(6, 2),
    /** Deviation, in robust standard deviations, that raises a warning / a critical alert. */
    volumeWarningZ: Type.Number({ default: 4, exclusiveMinimum: 0 }),
    volumeCriticalZ: Type.Number({ default: 8, exclusiveMinimum: 0 }),
    /** ... and only when the value is also this far (relative) from the baseline. */
    volumeMinChange: Type.Number({ default: 0.5, exclusiveMinimum: 0 }),
    /** Below this many expected events per window, volume is too thin to judge. */
    volumeMinExpected: Int(20, 1),
    /** Quarantine share per window (duplicates excluded). */
    qualityWindowSeconds: Int(300, 1),
    qualityWarningShare: Type.Number({ default: 0.02, minimum: 0, maximum: 1 }),
    qualityCriticalShare: Type.Number({ default: 0.1, minimum: 0, maximum: 1 }),
    /** Fewer records than this in the window: the share is not judged. */
    qualityMinRecords: Int(50, 1),
    /** Free disk share of the data folder's file system. */
    diskWarningFreeShare: Type.Number({ default: 0.1, minimum: 0, maximum: 1 }),
    diskCriticalFreeShare: Type.Number({ default: 0.05, minimum: 0, maximum: 1 }),
  }),
  retention: Type.Object({
    /** Minutes between retention runs inside `storepulse start`; 0 turns retention off. */
    intervalMinutes: Int(60, 0),
    /** Log (bronze) records older than this go, once processed; 0 keeps them forever. */
    bronzeDays: Int(30, 0),
    /** Quarantine rows older than this go; 0 keeps them forever. */
    quarantineDays: Int(30, 0),
    /** Ops history (model runs, test results, resolved alerts) older than this goes. */
    opsDays: Int(30, 0),
    /** Per-second live counters older than this go (per-minute ones are kept). */
    liveSecondsDays: Int(2, 0),
  }),
  demo: Type.Object({
    enabled: Type.Boolean({ default: false }),
    rate: Int(50, 1),
    seed: Int(42, 0),
  }),
});
export type Config = Static<typeof ConfigSchema>;

/** Where each setting comes from in the environment. Flags override env. */
export const ENV: Record<string, string> = {
  STOREPULSE_DATA_DIR: 'dataDir',
  STOREPULSE_LOG_LEVEL: 'logLevel',
  STOREPULSE_HOST: 'http.host',
  STOREPULSE_PORT: 'http.port',
  STOREPULSE_WRITE_KEYS: 'collector.writeKeys',
  STOREPULSE_MAX_EVENT_BYTES: 'collector.maxEventBytes',
  STOREPULSE_MAX_BATCH_EVENTS: 'collector.maxBatchEvents',
  STOREPULSE_MAX_BODY_BYTES: 'collector.maxBodyBytes',
  STOREPULSE_MAX_INFLIGHT_BYTES: 'collector.maxInflightBytes',
  STOREPULSE_LOG_FSYNC: 'log.fsync',
  STOREPULSE_LOG: 'log.url',
  STOREPULSE_WAREHOUSE: 'warehouse.url',
  STOREPULSE_NATS_STREAM: 'log.stream',
  STOREPULSE_NATS_SUBJECT: 'log.subject',
  STOREPULSE_NATS_CONSUMER: 'log.consumer',
  STOREPULSE_NATS_REPLICAS: 'log.replicas',
  STOREPULSE_NATS_ACK_WAIT_S: 'log.ackWaitSeconds',
  STOREPULSE_NATS_CA: 'log.tlsCaFile',
  STOREPULSE_DUCKDB_CHECKPOINT_MB: 'warehouse.checkpointMb',
  STOREPULSE_BATCH_SIZE: 'processor.batchSize',
  STOREPULSE_LINGER_MS: 'processor.lingerMs',
  STOREPULSE_DEFAULT_CURRENCY: 'processor.defaultCurrency',
  STOREPULSE_DEMO_RATE: 'demo.rate',
  STOREPULSE_DASHBOARD_PORT: 'dashboard.port',
  STOREPULSE_TOKEN: 'dashboard.token',
  STOREPULSE_DASHBOARD_LIVE_MS: 'dashboard.liveIntervalMs',
  STOREPULSE_MONITOR_INTERVAL_S: 'monitor.intervalSeconds',
  STOREPULSE_INSTANCE_NAME: 'monitor.instanceName',
  STOREPULSE_ALERT_WEBHOOKS: 'monitor.webhooks',
  STOREPULSE_SLACK_WEBHOOKS: 'monitor.slackWebhooks',
  STOREPULSE_DASHBOARD_URL: 'monitor.dashboardUrl',
  STOREPULSE_FRESHNESS_WARNING_S: 'monitor.freshnessWarningSeconds',
  STOREPULSE_FRESHNESS_CRITICAL_S: 'monitor.freshnessCriticalSeconds',
  STOREPULSE_LAG_WARNING_S: 'monitor.lagWarningSeconds',
  STOREPULSE_LAG_CRITICAL_S: 'monitor.lagCriticalSeconds',
  STOREPULSE_VOLUME_WINDOW_S: 'monitor.volumeWindowSeconds',
  STOREPULSE_QUALITY_WARNING_SHARE: 'monitor.qualityWarningShare',
  STOREPULSE_QUALITY_CRITICAL_SHARE: 'monitor.qualityCriticalShare',
  STOREPULSE_RETENTION_BRONZE_DAYS: 'retention.bronzeDays',
  STOREPULSE_RETENTION_QUARANTINE_DAYS: 'retention.quarantineDays',
  STOREPULSE_RETENTION_OPS_DAYS: 'retention.opsDays',
  STOREPULSE_RETENTION_LIVE_SECONDS_DAYS: 'retention.liveSecondsDays',
  STOREPULSE_RETENTION_INTERVAL_MIN: 'retention.intervalMinutes',
  STOREPULSE_REPORT_TZ: 'models.reportTimeZone',
  STOREPULSE_MODELS_INTERVAL_S: 'models.intervalSeconds',
  STOREPULSE_TESTS_INTERVAL_S: 'models.testIntervalSeconds',
  STOREPULSE_FUNNEL_WINDOW_HOURS: 'models.funnelWindowHours',
};

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[keys.at(-1)!] = value;
}

/**
 * Parses the configuration once at start: env, then flags (dotted paths), then defaults;
 * every problem is listed together. The result is frozen.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  flags: Record<string, unknown>,
): Readonly<Config> {
  // Every section starts empty so its defaults apply.
  const raw: Record<string, unknown> = Object.fromEntries(
    Object.entries(ConfigSchema.properties)
      .filter(([, schema]) => schema.type === 'object')
      .map(([name]) => [name, {}]),
  );
  for (const [name, path] of Object.entries(ENV))
    if (env[name] !== undefined) setPath(raw, path, env[name]);
  for (const [path, value] of Object.entries(flags))
    if (value !== undefined) setPath(raw, path, value);
  const demo = raw.demo as Record<string, unknown>;
  const collector = raw.collector as Record<string, unknown>;
  // Demo mode brings its own write key so `npm start` works on a fresh clone.
  if (demo.enabled === true && collector.writeKeys === undefined) collector.writeKeys = 'demo:demo';
  const ajv = new Ajv({ useDefaults: true, coerceTypes: true, allErrors: true, strict: false });
  const validate = ajv.compile<Config>(ConfigSchema);
  if (!validate(raw)) {
    throw new ConfigError(
      (validate.errors ?? []).map((e) => {
        const missing = e.keyword === 'required' ? `/${String(e.params.missingProperty)}` : '';
        const where = (e.instancePath + missing).slice(1).replaceAll('/', '.');
        const envName = Object.keys(ENV).find((k) => ENV[k] === where);
        return `${where || 'config'}${envName ? ` (${envName})` : ''} ${e.message ?? 'is invalid'}`;
      }),
    );
  }
  const zone = raw.models.reportTimeZone;
  if (!isTimeZone(zone)) {
    throw new ConfigError([
      `models.reportTimeZone (STOREPULSE_REPORT_TZ) ${zone} is not an IANA time zone`,
    ]);
  }
  return deepFreeze(raw);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function parseWriteKeys(spec: string): Map<string, string> {
  return new Map(
    spec.split(',').map((pair) => {
      const [key, id] = pair.split(':');
      return [key!, id ?? key!.slice(0, 4) + '…'];
    }),
  );
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') for (const v of Object.values(o)) deepFreeze(v);
  return Object.freeze(o);
}
