import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Generator } from './generator.js';

export interface NdjsonOptions {
  file: string;
  count: number;
  generator: Generator;
}

const LINES_PER_WRITE = 1000;

/** Writes `count` items, one per line; a malformed item is written as its raw (non-JSON) text. */
export async function writeNdjson(options: NdjsonOptions): Promise<{ written: number }> {
  const { file, count, generator } = options;
  if (!(Number.isInteger(count) && count >= 0)) {
    throw new RangeError(`count must be a non-negative integer, got ${count}`);
  }
  await mkdir(dirname(file), { recursive: true });
  const handle = await open(file, 'w');
  let written = 0;
  try {
    while (written < count) {
      const lines: string[] = [];
      const n = Math.min(LINES_PER_WRITE, count - written);
      for (let i = 0; i < n; i++) {
        const item = generator.next();
        lines.push(item.kind === 'raw' ? item.body : JSON.stringify(item.event));
      }
      await handle.write(`${lines.join('\n')}\n`);
      written += n;
    }
  } finally {
    await handle.close();
  }
  return { written };
}
