import { DEFAULT_ANOMALIES, type AnomalyRates } from './anomalies.js';

/** The `generate` flags as commander hands them over: strings, or true for switches. */
export interface RawGenerateOptions {
  seed: string;
  rate: string;
  count?: string;
  duration?: string;
  url: string;
  writeKey: string;
  batchSize: string;
  gzip?: boolean;
  out?: string;
  anomalyRate?: string;
  from?: string;
}

export interface GenerateSettings {
  seed: number;
  rate: number;
  count: number | undefined;
  durationMs: number | undefined;
  url: string;
  writeKey: string;
  batchSize: number;
  gzip: boolean;
  out: string | undefined;
  anomalies: AnomalyRates;
  /** Simulated start for --out, epoch ms. */
  from: number | undefined;
}

export type Parsed = { ok: true; settings: GenerateSettings } | { ok: false; problems: string[] };

/** Checks every flag and reports every problem at once. */
export function parseGenerateOptions(raw: RawGenerateOptions): Parsed {
  const problems: string[] = [];
  const number = (
    flag: string,
    text: string | undefined,
    valid: (n: number) => boolean,
    what: string,
  ) => {
    if (text === undefined) return undefined;
    const value = text.trim() === '' ? NaN : Number(text);
    if (valid(value)) return value;
    problems.push(`${flag} must be ${what}, got "${text}"`);
    return undefined;
  };
  const seed = number('--seed', raw.seed, isSeed, 'an integer from 0 to 4294967295');
  const rate = number(
    '--rate',
    raw.rate,
    (n) => n > 0 && n <= 1_000_000,
    'a number of events per second in (0, 1000000]',
  );
  const count = number(
    '--count',
    raw.count,
    (n) => Number.isInteger(n) && n > 0,
    'a positive integer',
  );
  const duration = number(
    '--duration',
    raw.duration,
    (n) => Number.isFinite(n) && n > 0,
    'a positive number of seconds',
  );
  const batchSize = number(
    '--batch-size',
    raw.batchSize,
    (n) => Number.isInteger(n) && n >= 1 && n <= 5000,
    'an integer from 1 to 5000',
  );
  const scale = number(
    '--anomaly-rate',
    raw.anomalyRate,
    (n) => Number.isFinite(n) && n >= 0,
    'a scale factor >= 0 (0 = clean data, 1 = defaults)',
  );
  if (!/^https?:\/\//.test(raw.url) || !URL.canParse(raw.url)) {
    problems.push(`--url must be an http(s) URL, got "${raw.url}"`);
  }
  if (raw.writeKey.trim() === '') problems.push('--write-key must not be empty');
  const from = raw.from === undefined ? undefined : Date.parse(raw.from);
  if (from !== undefined && Number.isNaN(from)) {
    problems.push(`--from must be an ISO 8601 date-time, got "${raw.from}"`);
  }
  if (raw.out !== undefined) {
    if (raw.out.trim() === '') problems.push('--out must be a file path');
    if (raw.count === undefined) problems.push('--out needs --count (how many events to write)');
    if (raw.duration !== undefined) problems.push('--duration applies to sending, not to --out');
  } else if (raw.from !== undefined) {
    problems.push('--from applies to --out only (sent events carry live timestamps)');
  }
  if (problems.length > 0 || seed === undefined || rate === undefined || batchSize === undefined) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    settings: {
      seed,
      rate,
      count,
      durationMs: duration === undefined ? undefined : duration * 1000,
      url: raw.url,
      writeKey: raw.writeKey,
      batchSize,
      gzip: raw.gzip === true,
      out: raw.out,
      anomalies: scaleAnomalies(scale ?? 1),
      from: Number.isNaN(from) ? undefined : from,
    },
  };
}

function isSeed(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
}

/** Every default rate times `factor`, capped at certainty. */
export function scaleAnomalies(factor: number): AnomalyRates {
  const scaled = Object.entries(DEFAULT_ANOMALIES).map(([name, p]) => [
    name,
    Math.min(1, p * factor),
  ]);
  return Object.fromEntries(scaled) as unknown as AnomalyRates;
}
