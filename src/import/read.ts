import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import Papa from 'papaparse';

/** A source file as text, plain or gzip (told by its first bytes, not its name). */
export interface SourceText {
  stream: Readable;
  /** File size on disk, and how much of it has been read: the progress bar's measure. */
  size: number;
  readBytes(): number;
}

export async function openSource(file: string): Promise<SourceText> {
  const { size } = await stat(file);
  const head = Buffer.alloc(2);
  const fd = await open(file, 'r');
  try {
    await fd.read(head, 0, 2, 0);
  } finally {
    await fd.close();
  }
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  let read = 0;
  raw.on('data', (chunk) => (read += chunk.length));
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  const stream = gzip ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (err) => stream.destroy(err));
  // Decode across chunk boundaries: a '£' split between two chunks must stay one character.
  stream.setEncoding('utf8');
  return { stream, size, readBytes: () => read };
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
