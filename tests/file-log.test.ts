import { describe, expect, it } from 'vitest';
import { appendFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FileLog } from '../src/adapters/file-log/file-log.js';
import type { LogInput } from '../src/core/ports.js';
import { tempDir } from './helpers.js';

const input = (i: number, extra: Partial<LogInput> = {}): LogInput => ({
  receivedAt: 1_700_000_000_000 + i,
  writeKeyId: 'shop1',
  requestId: `req-${i}`,
  source: 'http',
  messageId: `m-${i}`,
  kind: 'event',
  payload: JSON.stringify({
    type: 'track',
    event: 'Product Viewed',
    n: i,
    text: 'tab\there\nnewline',
  }),
  ...extra,
});

describe('FileLog (embedded log)', () => {
  it('group-commits concurrent appends into consecutive sequences and reads them back verbatim', async () => {
    const dir = await tempDir();
    const log = await FileLog.open({ dir });
    const acks = await Promise.all(
      Array.from({ length: 50 }, (_, i) => log.append([input(2 * i), input(2 * i + 1)])),
    );
    const seqs = acks.flatMap((a) => [a.firstSeq, a.lastSeq]).sort((a, b) => a - b);
    expect(seqs[0]).toBe(1);
    expect(seqs.at(-1)).toBe(100);
    expect(new Set(seqs).size).toBe(100);
    const all = await log.read(0, 1000);
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(JSON.parse(all[0]!.payload)).toMatchObject({ text: 'tab\there\nnewline' });
    // Group commit: 50 concurrent appends shared far fewer write + fdatasync rounds.
    expect(log.stats().appends).toBe(50);
    expect(log.stats().syncs).toBeLessThan(10);
    await log.close();
    await rm(dir, { recursive: true });
  });

  it('continues the sequence after a reopen and cuts a torn tail left by a crash', async () => {
    const dir = await tempDir();
    const log = await FileLog.open({ dir });
    await log.append([input(1), input(2), input(3)]);
    await log.close();
    const [segment] = await readdir(dir);
    await appendFile(join(dir, segment!), '[4,1700000000004,"shop1","r","http","m-4",null,"ev'); // torn write
    const again = await FileLog.open({ dir });
    expect(again.stats().lastSeq).toBe(3);
    const { firstSeq } = await again.append([input(4)]);
    expect(firstSeq).toBe(4);
    expect((await again.read(0, 10)).map((r) => r.messageId)).toEqual(['m-1', 'm-2', 'm-3', 'm-4']);
    await again.close();
    await rm(dir, { recursive: true });
  });

  it('rolls segments and reads from disk once records leave the memory cache', async () => {
    const dir = await tempDir();
    const log = await FileLog.open({ dir, segmentBytes: 1024 * 1024, cacheRecords: 10 });
    const big = 'x'.repeat(5000);
    for (let b = 0; b < 10; b++) {
      await log.append(
        Array.from({ length: 50 }, (_, i) =>
          input(b * 50 + i, { kind: 'raw', reason: 'oversized', payload: big }),
        ),
      );
    }
    expect((await readdir(dir)).length).toBeGreaterThan(1);
    const seen: number[] = [];
    for (let after = 0; ;) {
      const batch = await log.read(after, 37);
      if (batch.length === 0) break;
      seen.push(...batch.map((r) => r.seq));
      after = batch.at(-1)!.seq;
    }
    expect(seen).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect((await log.read(250, 1))[0]).toMatchObject({
      seq: 251,
      kind: 'raw',
      reason: 'oversized',
      payload: big,
    });
    await log.close();
    await rm(dir, { recursive: true });
  });

  it('wakes a waiting reader when a record becomes durable', async () => {
    const dir = await tempDir();
    const log = await FileLog.open({ dir });
    const t0 = Date.now();
    const waiting = log.waitFor(0, 5000);
    await log.append([input(1)]);
    await waiting;
    expect(Date.now() - t0).toBeLessThan(2000);
    await log.close();
    await rm(dir, { recursive: true });
  });
});
