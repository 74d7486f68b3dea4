import { ndjsonMapper } from './formats/ndjson.js';
import { onlineRetailMapper, ONLINE_RETAIL_COLUMNS } from './formats/online-retail/index.js';
import { rees46Mapper, REES46_COLUMNS } from './formats/rees46.js';
import { csvChunks, lineChunks, openSource } from './read.js';
import type { ImportFormat, ImportItem, ImportSink, Mapper, MapperCounts } from './types.js';

export interface ImportOptions {
  format: ImportFormat;
  file: string;
  /** The zone of Online Retail's local `InvoiceDate` (default Europe/London). */
  zone?: string | undefined;
}

export interface ImportProgress {
  rows: number;
  items: number;
  /** Text parsed so far (the rows' characters, about their bytes), and the text's size. */
  readBytes: number;
  size: number;
}

export interface ImportRun extends MapperCounts {
  /** Items sent: events, and raw rows that could not be read. */
  items: number;
  readSeconds: number;
}

/** Thrown when a file is not the format it was said to be: nothing was sent. */
export class ImportFormatError extends Error {}

// Items gathered before the sink gets them: large enough that a log append's sync is cheap.
const SEND_EVERY = 4000;

/**
 * Reads a file (plain or gzip, streamed) as `format`, maps its rows to items and hands them
 * to the sink in order; resolves once the sink has everything (see `ImportSink.finish`).
 */
export async function runImport(
  opts: ImportOptions,
  sink: ImportSink,
  onProgress: (p: ImportProgress) => void = () => undefined,
): Promise<ImportRun> {
  const started = performance.now();
  const source = await openSource(opts.file);
  let items = 0;
  let out: ImportItem[] = [];
  const flush = async (force: boolean) => {
    if (out.length < SEND_EVERY && !(force && out.length > 0)) return;
    items += out.length;
    const batch = out;
    out = [];
    await sink.send(batch);
  };
  // Measured on the rows parsed, not on the stream: gunzip and the parser read ahead in bursts.
  let parsed = 0;
  const progress = (rows: number) =>
    onProgress({ rows, items, readBytes: Math.min(parsed, source.size), size: source.size });
  let mapper: Mapper<string[]> | Mapper<string>;
  if (opts.format === 'ndjson') {
    const m = ndjsonMapper();
    mapper = m;
    for await (const lines of lineChunks(source.stream)) {
      for (const line of lines) {
        parsed += line.length + 1;
        m.push(line, out);
      }
      await flush(false);
      progress(m.counts().rows);
    }
  } else {
    const { columns, mapper: m } = csvMapper(opts);
    mapper = m;
    let header = true;
    for await (const rows of csvChunks(source.stream)) {
      for (const row of rows) {
        for (const field of row) parsed += field.length + 1;
        if (header) {
          checkHeader(row, columns, opts);
          header = false;
        } else m.push(row, out);
      }
      await flush(false);
      progress(m.counts().rows);
    }
  }
  mapper.end(out);
  await flush(true);
  progress(mapper.counts().rows);
  await sink.finish();
  return { ...mapper.counts(), items, readSeconds: (performance.now() - started) / 1000 };
}

function csvMapper(opts: ImportOptions) {
  return opts.format === 'rees46'
    ? { columns: REES46_COLUMNS, mapper: rees46Mapper() }
    : {
        columns: ONLINE_RETAIL_COLUMNS,
        mapper: onlineRetailMapper({ zone: opts.zone ?? 'Europe/London' }),
      };
}

function checkHeader(row: string[], columns: string[], opts: ImportOptions): void {
  const got = row.map((c) => c.trim().replace(/^\uFEFF/, ''));
  if (got.join(',') !== columns.join(',')) {
    throw new ImportFormatError(
      `${opts.file} is not a ${opts.format} file: expected the columns ${columns.join(',')}, found ${got.join(',')}`,
    );
  }
}
