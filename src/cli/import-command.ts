import type { Command } from 'commander';
import { Option } from 'commander';
import { createLogger, type Logger } from '../core/logger.js';
import { systemClock } from '../core/clock.js';
import type { EventLog } from '../core/ports.js';
import { httpSink, type HttpImportStats } from '../import/http-sink.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { remoteAdmin } from './local-or-remote.js';
import { recordsOutcome } from '../serve/outcome.js';
import { logSink } from '../import/log-sink.js';
import { runImport, type ImportOptions, type ImportRun } from '../import/run.js';
import { IMPORT_FORMATS, type ImportFormat } from '../import/types.js';
import { common, config } from './options.js';
import type { Runtime } from './runtime.js';
import { openWorkerRuntime } from './worker-runtime.js';
import { DataDirLocked } from './lock.js';
import { importLedger, type LedgerEntry } from './import-ledger.js';
import { formatSummary, progressBar } from './import-format.js';

/** What an offline import did: the mapper's counts, and what the pipeline made of its records. */
export interface ImportSummary {
  format: ImportFormat;
  file: string;
  rows: number;
  /** Items sent to the pipeline: events and unreadable rows. */
  items: number;
  inferred: number;
  duplicateRows: number;
  adjustments: Record<string, number>;
  /** The import's log records, seq firstSeq..lastSeq (0..0 when it sent nothing). */
  firstSeq: number;
  lastSeq: number;
  stored: number;
  quarantined: Record<string, number>;
  seconds: { silver: number; models: number | null };
  /** Set when the data folder had imported this file already and nothing was sent. */
  alreadyImported?: LedgerEntry;
  /** Over HTTP: what the collector answered, and whether the outcome above is final. */
  sent?: HttpImportStats;
  settled?: boolean;
  unsettledWhy?: string;
}

/** What the mapper counted, over the import's log records, before their outcome is known. */
function summaryOf(
  o: ImportOptions,
  run: Pick<ImportRun, 'rows' | 'items' | 'inferred' | 'duplicateRows' | 'adjustments'>,
  range: { firstSeq: number; lastSeq: number },
): ImportSummary {
  const { rows, items, inferred, duplicateRows, adjustments } = run;
  return {
    format: o.format,
    file: o.file,
    rows,
    items,
    inferred,
    duplicateRows,
    adjustments,
    firstSeq: range.firstSeq,
    lastSeq: range.lastSeq,
    stored: 0,
    quarantined: {},
    seconds: { silver: 0, models: null },
  };
}

const NOTHING = { rows: 0, items: 0, inferred: 0, duplicateRows: 0, adjustments: {} };

const skipped = (o: ImportOptions, previous: LedgerEntry): ImportSummary => ({
  ...summaryOf(o, NOTHING, { firstSeq: 0, lastSeq: 0 }),
  alreadyImported: previous,
});

/** An invoice of 1,114 lines is about 130 KB: the offline import's events may be up to this. */
export const IMPORT_EVENT_BYTES = 1024 * 1024;

/**
 * The engines an offline import writes through: a log, the processor reading it, and the
 * dashboard's named reads. The CLI uses the worker-thread runtime (mapping and processing
 * on two cores); tests use the one-thread runtime.
 */
export interface ImportTarget {
  log: EventLog;
  startProcessor(): Promise<void> | void;
  checkpoint(): Promise<number> | number;
  drain(): Promise<void>;
  read(query: string, params: unknown[]): Promise<Record<string, unknown>[]>;
}

/** The one-thread runtime as an import target. */
export const inlineTarget = (rt: Runtime): ImportTarget => ({
  log: rt.log,
  startProcessor: () => rt.processor.start(),
  checkpoint: () => rt.processor.stats().checkpoint,
  drain: () => rt.processor.drain(),
  read: (query, params) => rt.reads.read(query, params),
});

/**
 * Imports a file into a data folder's log; its processor validates, deduplicates and stores
 * the records like live traffic. Resolves once every record is committed.
 */
export async function importInto(
  target: ImportTarget,
  opts: ImportOptions & { maxEventBytes?: number },
  onProgress?: Parameters<typeof runImport>[2],
): Promise<ImportSummary> {
  const started = performance.now();
  await target.startProcessor();
  const { sink, range } = logSink(target.log, {
    maxEventBytes: opts.maxEventBytes ?? IMPORT_EVENT_BYTES,
    requestId: `import-${opts.format}-${Date.now()}`,
    writeKeyId: 'import',
    now: () => Date.now(),
    lag: async () => target.log.lastSeq() - (await target.checkpoint()),
    maxLag: 100_000,
    drain: () => target.drain(),
  });
  const run = await runImport(opts, sink, onProgress);
  const { stored, quarantined } = await recordsOutcome(
    (q, p) => target.read(q, p),
    range.firstSeq,
    range.lastSeq,
    range.lastSeq,
  );
  return {
    ...summaryOf(opts, run, range),
    stored,
    quarantined,
    seconds: { silver: (performance.now() - started) / 1000, models: null },
  };
}

/** `storepulse import`: offline into the data folder, or over HTTP into a running instance. */
export function registerImport(program: Command): void {
  common(program.command('import'))
    .description('import a REES46 CSV, an Online Retail CSV or Segment NDJSON (plain or gzip)')
    .argument('<file>', 'the file to import')
    .addOption(
      new Option('--format <format>', 'the file format')
        .choices(IMPORT_FORMATS)
        .makeOptionMandatory(),
    )
    .option('--zone <zone>', "Online Retail's InvoiceDate time zone", 'Europe/London')
    .option('--url <url>', 'send to a running instance at this URL instead of the data folder')
    .option('--write-key <key>', 'write key for --url (env STOREPULSE_WRITE_KEY)')
    .option(
      '--token <token>',
      "--url: the instance's access token, to read the outcome (env STOREPULSE_TOKEN)",
    )
    .option(
      '--wait <seconds>',
      '--url: how long to wait for the instance to process the import',
      '600',
    )
    .option('--no-models', 'offline: do not run the models afterwards')
    .option('--force', 'offline: import even if this data folder imported the same file before')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, opts: Record<string, unknown>) => {
      const cfg = config(opts, { 'collector.writeKeys': 'import' });
      const logger = createLogger(cfg.logLevel === 'info' ? 'warn' : cfg.logLevel);
      const options = { format: opts.format as ImportFormat, file, zone: opts.zone as string };
      const bar = progressBar(process.stderr);
      const summary = opts.url
        ? await importRemote(options, opts, (p) => bar.update(p))
        : await importOffline(
            options,
            { models: opts.models !== false, force: opts.force === true },
            logger,
            (p) => bar.update(p),
            cfg,
          );
      bar.stop();
      console.log(opts.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
    });
}

/** An import into a data folder no instance holds: the worker-thread runtime, then the models. */
export async function importOffline(
  options: ImportOptions,
  { models, force }: { models: boolean; force: boolean },
  logger: Logger,
  onProgress: Parameters<typeof runImport>[2],
  cfg: ReturnType<typeof config>,
): Promise<ImportSummary> {
  const rt = await openWorkerRuntime(cfg, logger, systemClock).catch((err: unknown) => {
    if (err instanceof DataDirLocked)
      err.hint = 'send to the running instance with --url and --write-key';
    throw err;
  });
  try {
    const ledger = await importLedger(cfg.dataDir, options);
    const previous = force ? undefined : await ledger.previous();
    if (previous) return skipped(options, previous);
    const summary = await importInto(
      {
        log: rt.log,
        startProcessor: rt.processor.startAlone,
        checkpoint: rt.processor.checkpoint,
        drain: rt.processor.drain,
        read: (query, params) => rt.reads.read(query, params),
      },
      options,
      onProgress,
    );
    if (models) {
      const started = performance.now();
      await rt.admin.runModels({});
      summary.seconds.models = (performance.now() - started) / 1000;
    }
    const { file, rows, firstSeq, lastSeq } = summary;
    await ledger.record({ file, rows, firstSeq, lastSeq });
    return summary;
  } finally {
    await rt.close();
  }
}

/**
 * An import into a running instance over HTTP. Once the collector has everything, waits
 * (up to `--wait` seconds) for the instance to process the import's records and reads their
 * outcome from its admin API, so the summary is the offline one.
 */
async function importRemote(
  options: ImportOptions,
  opts: Record<string, unknown>,
  onProgress: Parameters<typeof runImport>[2],
): Promise<ImportSummary> {
  const writeKey = (opts.writeKey as string | undefined) ?? process.env.STOREPULSE_WRITE_KEY;
  if (!writeKey) throw new Error('--url needs --write-key (or STOREPULSE_WRITE_KEY)');
  const started = performance.now();
  const url = opts.url as string;
  const { sink, stats } = httpSink({ url, writeKey });
  const run = await runImport(options, sink, onProgress);
  const sent = { ...stats };
  const summary: ImportSummary = { ...summaryOf(options, run, sent), sent };
  const token = (opts.token as string | undefined) ?? process.env.STOREPULSE_TOKEN ?? '';
  const admin = remoteAdmin(url.replace(/\/+$/, ''), token);
  const deadline = Date.now() + Number(opts.wait ?? 600) * 1000;
  try {
    for (;;) {
      const outcome = await admin.records(sent.firstSeq, sent.lastSeq);
      if (outcome.processedTo >= sent.lastSeq || Date.now() > deadline) {
        Object.assign(summary, { stored: outcome.stored, quarantined: outcome.quarantined });
        summary.settled = outcome.processedTo >= sent.lastSeq;
        break;
      }
      await sleep(500);
    }
  } catch (err) {
    summary.settled = false;
    summary.unsettledWhy = `the admin API did not answer (${(err as Error).message}); give --token (STOREPULSE_TOKEN) when the instance has one`;
  }
  summary.seconds.silver = (performance.now() - started) / 1000;
  return summary;
}
