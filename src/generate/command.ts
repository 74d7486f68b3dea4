import type { Command } from 'commander';
import { createGenerator } from './generator.js';
import { writeNdjson } from './ndjson.js';
import { parseGenerateOptions, type GenerateSettings, type RawGenerateOptions } from './options.js';
import { sendToCollector, type SendStats } from './send.js';

type Print = (line: string) => void;
type CollectorTarget = Extract<GenerateSettings['target'], { kind: 'collector' }>;
type FileTarget = Extract<GenerateSettings['target'], { kind: 'file' }>;

const PROGRESS_EVERY_MS = 2000;

/** Adds `storepulse generate`: demo shop traffic sent to a collector or written as NDJSON. */
export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('send realistic, seeded demo shop traffic to a collector, or write it as NDJSON')
    .option('--seed <n>', 'random seed: one seed always gives the same events', '42')
    .option('--rate <n>', "events per second (with --out: the simulated shop's pace)", '200')
    .option('--count <n>', 'stop after this many events')
    .option('--duration <seconds>', 'stop after this long')
    .option('--url <url>', 'collector base URL', 'http://127.0.0.1:8080')
    .option('--write-key <key>', 'write key (default: $STOREPULSE_WRITE_KEY, else "demo")')
    .option('--batch-size <n>', 'most events per /v1/batch request', '100')
    .option('--gzip', 'gzip request bodies')
    .option('--out <file>', 'write NDJSON to this file instead of sending (needs --count)')
    .option('--anomaly-rate <factor>', 'scale every anomaly rate: 0 = clean data, 1 = defaults')
    .option('--from <iso>', 'with --out: simulated start time (default: the file ends now)')
    .action((raw: RawGenerateOptions, command: Command) => runGenerate(raw, command));
}

async function runGenerate(raw: RawGenerateOptions, command: Command): Promise<void> {
  // The environment is read here, at the edge, and the key never shows in --help.
  const defaultWriteKey = process.env.STOREPULSE_WRITE_KEY ?? 'demo';
  const parsed = parseGenerateOptions(raw, { now: Date.now(), defaultWriteKey });
  if (!parsed.ok) {
    command.error(`invalid options:\n  - ${parsed.problems.join('\n  - ')}`, {
      exitCode: 2,
      code: 'storepulse.invalid_options',
    });
  }
  const print = printer(command);
  const { settings } = parsed;
  if (settings.target.kind === 'file') await writeFile(settings, settings.target, print);
  else await send(settings, settings.target, print);
}

/** Lines go through commander's output settings, so a test can capture them. */
function printer(command: Command): Print {
  const output = command.configureOutput();
  return (line) => {
    if (output.writeOut) output.writeOut(`${line}\n`);
    else process.stdout.write(`${line}\n`);
  };
}

async function writeFile(settings: GenerateSettings, target: FileTarget, print: Print) {
  const generator = createGenerator({
    seed: settings.seed,
    anomalies: settings.anomalies,
    eventsPerSecond: settings.rate,
    simulateFrom: target.from,
  });
  const started = Date.now();
  const { written } = await writeNdjson({ file: target.file, count: target.count, generator });
  print(`wrote ${fmt(written)} events to ${target.file} in ${seconds(Date.now() - started)}`);
}

async function send(settings: GenerateSettings, target: CollectorTarget, print: Print) {
  const generator = createGenerator({
    seed: settings.seed,
    anomalies: settings.anomalies,
    eventsPerSecond: settings.rate,
  });
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const started = Date.now();
  let latest: SendStats | undefined;
  let previous = { sent: 0, at: started };
  const timer = setInterval(() => {
    if (!latest) return;
    const at = Date.now();
    const perSecond = ((latest.sent - previous.sent) * 1000) / Math.max(1, at - previous.at);
    print(`${fmt(Math.round(perSecond))}/s  ${statsLine(latest)}`);
    previous = { sent: latest.sent, at };
  }, PROGRESS_EVERY_MS);
  print(`sending to ${target.url} at ${fmt(settings.rate)} events/s (Ctrl-C stops)`);
  try {
    const stats = await sendToCollector({
      ...target,
      rate: settings.rate,
      generator,
      signal: controller.signal,
      onProgress: (s) => (latest = s),
    });
    const elapsed = Date.now() - started;
    const average = Math.round((stats.sent * 1000) / Math.max(1, elapsed));
    print(`done in ${seconds(elapsed)} (${fmt(average)}/s): ${statsLine(stats)}`);
    if (stats.errors > 0) process.exitCode = 1;
  } finally {
    clearInterval(timer);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function statsLine(s: SendStats): string {
  return [
    `sent ${fmt(s.sent)}`,
    `acknowledged ${fmt(s.acknowledged)}`,
    `rejected ${fmt(s.rejected)}`,
    `malformed ${fmt(s.malformed)}`,
    `retries ${fmt(s.retries)}`,
    `batches ${fmt(s.batches)}`,
    `errors ${fmt(s.errors)}`,
  ].join('  ');
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
