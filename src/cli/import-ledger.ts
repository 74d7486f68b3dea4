import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImportOptions } from '../import/run.js';

/** One finished offline import, as `imports.jsonl` in the data folder keeps it. */
export interface LedgerEntry {
  sha256: string;
  format: string;
  zone: string | null;
  file: string;
  rows: number;
  firstSeq: number;
  lastSeq: number;
  finishedAt: string;
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The data folder's record of finished imports, by the file's content (SHA-256), format and
 * zone: running the same import again finds it and sends nothing. The messageIds make a
 * forced or interrupted re-import harmless too, but it would leave one `duplicate`
 * quarantine row per event; the ledger spares the warehouse that.
 */
export async function importLedger(dataDir: string, opts: ImportOptions) {
  const path = join(dataDir, 'imports.jsonl');
  const digest = await sha256(opts.file);
  const zone = opts.format === 'online-retail' ? (opts.zone ?? 'Europe/London') : null;
  const same = (e: LedgerEntry) =>
    e.sha256 === digest && e.format === opts.format && e.zone === zone;
  return {
    async previous(): Promise<LedgerEntry | undefined> {
      const text = await readFile(path, 'utf8').catch(() => '');
      const entries = text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as LedgerEntry);
      return entries.find(same);
    },
    async record(done: Omit<LedgerEntry, 'sha256' | 'format' | 'zone' | 'finishedAt'>) {
      const entry: LedgerEntry = {
        sha256: digest,
        format: opts.format,
        zone,
        ...done,
        finishedAt: new Date().toISOString(),
      };
      await appendFile(path, `${JSON.stringify(entry)}\n`);
    },
  };
}
