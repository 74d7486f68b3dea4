import { DEFAULT_ANOMALIES, type AnomalyRates } from './anomalies.js';

/** The `generate` flags as commander hands them over: strings, or true for switches. */
export interface RawGenerateOptions {
  seed: string;
  rate: string;
  count?: string;
  duration?: string;
  url: string;
  writeKey?: string;
  batchSize: string;
  gzip?: boolean;
  out?: string;
  anomalyRate?: string;
  from?: string;
}

/** Where the events go: the collector over HTTP, or an NDJSON file. */
export type Target =
  | {
      kind: 'collector';
      url: string;
      writeKey: string;
      batchSize: number;
      gzip: boolean;
      count: number | undefined;
      durationMs: number | undefined;
    }
  | {
      kind: 'file';
      file: string;
      count: number;
      /** The simulated start, epoch ms; by default the file ends about now. */
      from: number;
    };

export interface GenerateSettings {
  seed: number;
  rate: number;
  anomalies: AnomalyRates;
  target: Target;
}

export type Parsed = { ok: true; settings: GenerateSettings } | { ok: false; problems: string[] };

interface Rule {
  flag: string;
  valid: (n: number) => boolean;
  expected: string;
}

const isPositiveInteger = (n: number) => Number.isInteger(n) && n > 0;
const RULES = {
  seed: {
    flag: '--seed',
    valid: (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff,
    expected: 'an integer from 0 to 4294967295',
  },
  rate: {
    flag: '--rate',
    valid: (n) => n > 0 && n <= 1_000_000,
    expected: 'events per second, more than 0 and at most 1000000',
  },
  count: { flag: '--count', valid: isPositiveInteger, expected: 'a positive integer' },
  duration: {
    flag: '--duration',
    valid: (n) => Number.isFinite(n) && n > 0,
    expected: 'a positive number of seconds',
  },
  batchSize: {
    flag: '--batch-size',
    valid: (n) => isPositiveInteger(n) && n <= 5000,
    expected: 'an integer from 1 to 5000',
  },
  anomalyRate: {
    flag: '--anomaly-rate',
    valid: (n) => Number.isFinite(n) && n >= 0,
    expected: 'a scale factor >= 0 (0 = clean data, 1 = defaults)',
  },
} satisfies Record<string, Rule>;

/** Checks every flag and reports every problem at once. */
export function parseGenerateOptions(
  raw: RawGenerateOptions,
  defaults: { now: number; defaultWriteKey: string },
): Parsed {
  const problems: string[] = [];
  const read = (text: string | undefined, rule: Rule): number | undefined => {
    if (text === undefined) return undefined;
    const value = text.trim() === '' ? NaN : Number(text);
    if (rule.valid(value)) return value;
    problems.push(`${rule.flag} must be ${rule.expected}, got "${text}"`);
    return undefined;
  };
  const seed = read(raw.seed, RULES.seed);
  const rate = read(raw.rate, RULES.rate);
  const count = read(raw.count, RULES.count);
  const duration = read(raw.duration, RULES.duration);
  const batchSize = read(raw.batchSize, RULES.batchSize);
  const scale = read(raw.anomalyRate, RULES.anomalyRate);
  const writeKey = raw.writeKey ?? defaults.defaultWriteKey;
  const from = raw.from === undefined ? undefined : Date.parse(raw.from);
  problems.push(...otherProblems(raw, writeKey, from));
  if (problems.length > 0 || seed === undefined || rate === undefined || batchSize === undefined) {
    return { ok: false, problems };
  }
  const anomalies = scaleAnomalies(scale ?? 1);
  const target: Target =
    raw.out !== undefined && count !== undefined
      ? { kind: 'file', file: raw.out, count, from: from ?? defaults.now - (count / rate) * 1000 }
      : {
          kind: 'collector',
          url: raw.url,
          writeKey,
          batchSize,
          gzip: raw.gzip === true,
          count,
          durationMs: duration === undefined ? undefined : duration * 1000,
        };
  return { ok: true, settings: { seed, rate, anomalies, target } };
}

/** The checks that are not about one number: the URL, the key, and flags that go together. */
function otherProblems(raw: RawGenerateOptions, writeKey: string, from: number | undefined) {
  const problems: string[] = [];
  if (!/^https?:\/\//.test(raw.url) || !URL.canParse(raw.url)) {
    problems.push(`--url must be an http(s) URL, got "${raw.url}"`);
  }
  if (writeKey.trim() === '') problems.push('--write-key must not be empty');
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
  return problems;
}

/** Every default rate times `factor`, capped at certainty. */
export function scaleAnomalies(factor: number): AnomalyRates {
  const rates = { ...DEFAULT_ANOMALIES };
  for (const name of Object.keys(rates) as (keyof AnomalyRates)[]) {
    rates[name] = Math.min(1, rates[name] * factor);
  }
  return rates;
}
