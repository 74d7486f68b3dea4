import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerGenerate } from './command.js';
import { parseGenerateOptions, scaleAnomalies } from './options.js';

const DEFAULTS = { now: Date.parse('2025-03-14T15:00:00Z'), defaultWriteKey: 'demo' };
const RAW = { seed: '42', rate: '200', url: 'http://127.0.0.1:8080', batchSize: '100' };
let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'storepulse-command-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function program() {
  const out: string[] = [];
  const err: string[] = [];
  const root = new Command('storepulse').exitOverride().configureOutput({
    writeOut: (text) => out.push(text),
    writeErr: (text) => err.push(text),
  });
  registerGenerate(root);
  const run = (...args: string[]) => root.parseAsync(['node', 'storepulse', 'generate', ...args]);
  return { run, out, err };
}

describe('generate command', () => {
  it('lists every invalid option at once and exits with 2', async () => {
    const { run, err } = program();
    const failure = await run(
      '--rate',
      '-5',
      '--batch-size',
      '0',
      '--url',
      'ftp://x',
      '--seed',
      'x',
    )
      .then(() => undefined)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CommanderError);
    expect((failure as CommanderError).exitCode).toBe(2);
    const message = err.join('');
    for (const flag of ['--rate', '--batch-size', '--url', '--seed'])
      expect(message).toContain(flag);
  });

  it('writes NDJSON with --out and reports it', async () => {
    const file = join(dir, 'demo.ndjson');
    const { run, out } = program();
    await run('--out', file, '--count', '300', '--seed', '3');
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(300);
    expect(out.join('')).toMatch(/wrote 300 events/);
  });
});

describe('parseGenerateOptions', () => {
  it('uses the defaults it is given', () => {
    const parsed = parseGenerateOptions(RAW, DEFAULTS);
    expect(parsed).toMatchObject({
      ok: true,
      settings: {
        seed: 42,
        rate: 200,
        target: { kind: 'collector', writeKey: 'demo', batchSize: 100, gzip: false },
      },
    });
  });

  it('needs --count with --out, and keeps --from and --duration to their modes', () => {
    const parsed = parseGenerateOptions({ ...RAW, out: 'x.ndjson', duration: '5' }, DEFAULTS);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.join('\n')).toMatch(/--out needs --count/);
    expect(parsed.problems.join('\n')).toMatch(/--duration/);
    const sending = parseGenerateOptions({ ...RAW, from: '2025-01-01' }, DEFAULTS);
    expect(sending.ok).toBe(false);
  });

  it('ends a file at about now unless --from says otherwise', () => {
    const parsed = parseGenerateOptions({ ...RAW, out: 'x', count: '2000', rate: '10' }, DEFAULTS);
    expect(parsed.ok && parsed.settings.target).toMatchObject({
      kind: 'file',
      from: DEFAULTS.now - 200_000,
    });
  });

  it('scales every anomaly rate, capped at 1', () => {
    expect(Object.values(scaleAnomalies(0)).every((p) => p === 0)).toBe(true);
    expect(Object.values(scaleAnomalies(1000)).every((p) => p === 1)).toBe(true);
  });
});
