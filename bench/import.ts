import { rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { csvChunks, openSource } from '../src/import/read.js';
import { runImport } from '../src/import/run.js';
import type { ImportFormat } from '../src/import/types.js';
import { loadConfig } from '../src/core/config.js';
import { silentLogger } from '../src/core/logger.js';
import { importOffline } from '../src/cli/import-command.js';
import { jsonParseBaseline } from './lib/baseline.js';

/**
 * The offline import end to end, by phase, with same-run baselines: JSON.parse, and reading
 * the file with the CSV parser alone (the floor of any import of it). Phases: read and map
 * only (events serialised, sent nowhere), import to silver (the CLI's path: the worker-thread
 * runtime), the models, and a forced second import of the same file (nothing new stored).
 * Usage: node dist/bench/import.js [format] [file]
 */
const [
  format = 'online-retail',
  file = '../shared/data/online_retail_uci_2010-12-01_2011-12-09.csv.gz',
] = process.argv.slice(2) as [ImportFormat?, string?];
const dir = join('scratch', 'bench-import');
await rm(dir, { recursive: true, force: true });
const config = loadConfig({}, { dataDir: dir, 'collector.writeKeys': 'bench', logLevel: 'silent' });

const seconds = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const out = await f();
  return [out, (performance.now() - t0) / 1000];
};

const baseline = jsonParseBaseline(2000);
const [rowsParsed, parseSeconds] = await seconds(async () => {
  let rows = 0;
  for await (const chunk of csvChunks((await openSource(file)).stream)) rows += chunk.length;
  return rows - 1;
});
const [mapped, mapSeconds] = await seconds(() =>
  runImport(
    { format, file },
    {
      send: async (items) => {
        for (const i of items) if (i.kind === 'event') JSON.stringify(i.event);
      },
      finish: async () => undefined,
    },
  ),
);
const first = await importOffline(
  { format, file },
  { models: true, force: false },
  silentLogger,
  undefined,
  config,
);
const [again, againSeconds] = await seconds(() =>
  importOffline({ format, file }, { models: false, force: true }, silentLogger, undefined, config),
);
await rm(dir, { recursive: true, force: true });

const rate = (rows: number, s: number) => Math.round(rows / s);
const result = {
  date: new Date().toISOString(),
  machine: `${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}`,
  format,
  file,
  rows: first.rows,
  events: first.items,
  stored: first.stored,
  quarantined: first.quarantined,
  jsonParsePerS: baseline,
  csvParseOnly: { seconds: +parseSeconds.toFixed(2), rowsPerS: rate(rowsParsed, parseSeconds) },
  readAndMap: { seconds: +mapSeconds.toFixed(2), rowsPerS: rate(mapped.rows, mapSeconds) },
  toSilver: {
    seconds: +first.seconds.silver.toFixed(2),
    rowsPerS: rate(first.rows, first.seconds.silver),
  },
  models: { seconds: +(first.seconds.models ?? 0).toFixed(2) },
  reimport: {
    seconds: +againSeconds.toFixed(2),
    stored: again.stored,
    quarantined: again.quarantined,
  },
};
console.log(JSON.stringify(result, null, 2));
