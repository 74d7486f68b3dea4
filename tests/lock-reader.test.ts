import { expect, it } from 'vitest';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lockDataDir, DataDirLocked } from '../src/cli/lock.js';
import { FileLog } from '../src/adapters/file-log/file-log.js';
import { FileLogReader } from '../src/adapters/file-log/reader.js';
import { tempDir } from './helpers.js';

it('lets one process own a data folder and takes over a lock left by a dead one', async () => {
  const dir = await tempDir();
  const release = await lockDataDir(dir);
  await expect(
    writeFile(join(dir, 'storepulse.lock'), String(process.ppid)),
  ).resolves.toBeUndefined();
  await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirLocked); // the parent is alive
  await writeFile(join(dir, 'storepulse.lock'), '999999999'); // no such process
  const again = await lockDataDir(dir);
  await again();
  await release();
  await rm(dir, { recursive: true });
});

it('reads another thread’s log only up to what the writer says is durable, across segments', async () => {
  const dir = await tempDir();
  const log = await FileLog.open({ dir, segmentBytes: 1024 * 1024 });
  const reader = new FileLogReader(dir, 0);
  log.onDurable((seq) => reader.advance(seq));
  const input = (i: number) => ({
    receivedAt: i,
    writeKeyId: 'k',
    requestId: 'r',
    source: 'http',
    messageId: `m${i}`,
    kind: 'event' as const,
    payload: JSON.stringify({ i, pad: 'p'.repeat(3000) }),
  });
  expect(await reader.read(0, 10)).toEqual([]);
  const waiting = reader.waitFor(0, 5000);
  for (let b = 0; b < 8; b++)
    await log.append(Array.from({ length: 100 }, (_, i) => input(b * 100 + i)));
  await waiting;
  expect(reader.lastSeq()).toBe(800);
  const seqs: number[] = [];
  for (let after = 0; ;) {
    const got = await reader.read(after, 150);
    if (got.length === 0) break;
    seqs.push(...got.map((r) => r.seq));
    after = got.at(-1)!.seq;
  }
  expect(seqs).toEqual(Array.from({ length: 800 }, (_, i) => i + 1));
  const held = new FileLogReader(dir, 500); // told less than is on disk
  expect((await held.read(490, 100)).map((r) => r.seq)).toEqual([
    491, 492, 493, 494, 495, 496, 497, 498, 499, 500,
  ]);
  await log.close();
  await rm(dir, { recursive: true });
});
