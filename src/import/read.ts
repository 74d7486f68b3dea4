import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import Papa from 'papaparse';

/** A source file as text, plain or gzip (told by its first bytes, not its name). */
export interface SourceText {
  stream: Readable;
  /** The text's size in bytes (a gzip file's from its trailer): the progress bar's total. */
  size: number;
}

async function readAt(file: string, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const fd = await open(file, 'r');
  try {
    await fd.read(buf, 0, length, Math.max(0, position));
  } finally {
    await fd.close();
  }
  return buf;
}

export async function openSource(file: string): Promise<SourceText> {
  const { size: onDisk } = await stat(file);
  const head = await readAt(file, 0, 2);
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  // A gzip member ends with its uncompressed size modulo 2^32: right for files under 4 GiB.
  const isize = gzip && onDisk >= 18 ? (await readAt(file, onDisk - 4, 4)).readUInt32LE(0) : 0;
  const size = gzip ? (isize >= onDisk ? isize : onDisk * 6) : onDisk;
  const raw = createReadStream(file);
  const stream = gzip ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (err) => stream.destroy(err));
  // Decode across chunk boundaries: a '£' split between two chunks must stay one character.
  stream.setEncoding('utf8');
  return { stream, size };
}

/**
 * The rows of a CSV text (RFC 4180 quoting) in chunks as papaparse reads them, the header
 * row included; parsing pauses while the consumer works on a chunk, so memory stays flat.
 */
export async function* csvChunks(stream: Readable): AsyncGenerator<string[][]> {
  const queue: (string[][] | Error | null)[] = [];
  let parser: Papa.Parser | undefined;
  let wake: (() => void) | undefined;
  const put = (item: string[][] | Error | null) => {
    queue.push(item);
    wake?.();
  };
  Papa.parse<string[]>(stream as unknown as File, {
    skipEmptyLines: true,
    chunk: (result, p) => {
      parser = p;
      p.pause();
      put(result.data);
    },
    complete: () => put(null),
    error: (err: Error) => put(err),
  });
  stream.on('error', (err) => put(err));
  for (;;) {
    if (queue.length === 0) await new Promise<void>((r) => (wake = r));
    wake = undefined;
    const item = queue.shift()!;
    if (item === null) return;
    if (item instanceof Error) throw item;
    yield item;
    parser?.resume();
  }
}

/** The lines of a text in chunks of up to `size` (for NDJSON). */
export async function* lineChunks(stream: Readable, size = 2000): AsyncGenerator<string[]> {
  let chunk: string[] = [];
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    chunk.push(line);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
