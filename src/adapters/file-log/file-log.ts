import { open, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  Appended,
  EventLog,
  LogInput,
  LogPruned,
  LogRecord,
  LogStats,
} from '../../core/ports.js';
import { InfraError } from '../../core/errors.js';
import { encodeRecord } from '../../core/log-codec.js';
import { listSegments, scanSegment, segmentName, type Segment } from './segments.js';
import { RecentRecords } from './recent.js';
import { SegmentReader } from './segment-reader.js';
import { Waiters } from './waiters.js';

export interface FileLogOptions {
  dir: string;
  /** A segment is closed and a new one started once it passes this size. */
  segmentBytes?: number;
  /** fdatasync before acknowledging; off only for throwaway benchmarks of the rest. */
  fsync?: boolean;
  /** How many recent records the in-process reader gets from memory instead of disk. */
  cacheRecords?: number;
}

interface PendingAppend {
  records: LogRecord[];
  text: string;
  bytes: number;
  resolve: (r: Appended) => void;
  reject: (e: unknown) => void;
}

/**
 * The embedded log: append-only segment files of one record a line. Concurrent appends are
 * group-committed: whatever arrives while a write is in flight goes out in the next single
 * write + fdatasync, and every caller's promise resolves only after that sync.
 */
export class FileLog implements EventLog {
  private pending: PendingAppend[] = [];
  private pendingBytes = 0;
  private flushing: Promise<void> | null = null;
  private failed: unknown = null;
  private readonly waiters = new Waiters();
  private readonly recent: RecentRecords;
  private readonly disk: SegmentReader;
  private readonly durableListeners = new Set<(lastSeq: number) => void>();
  /** Newest receive time in each closed segment (by first seq), once known: retention's test. */
  private readonly newestAt = new Map<number, number>();
  private pruning: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly opts: Required<FileLogOptions>,
    private readonly segments: Segment[],
    private fh: FileHandle,
    private writeOffset: number,
    private durableSeq: number,
    private closedBytes: number,
    /** Newest receive time written to the active segment. */
    private activeNewestAt: number,
  ) {
    this.recent = new RecentRecords(opts.cacheRecords, durableSeq);
    this.disk = new SegmentReader(opts.dir);
    this.assignedSeq = durableSeq;
  }

  /** Called after every sync with the last durable seq (a reader in another thread). */
  onDurable(listener: (lastSeq: number) => void): () => void {
    this.durableListeners.add(listener);
    return () => this.durableListeners.delete(listener);
  }

  static async open(options: FileLogOptions): Promise<FileLog> {
    const opts = { segmentBytes: 64 * 1024 * 1024, fsync: true, cacheRecords: 200_000, ...options };
    const segments = await listSegments(opts.dir);
    let last = segments.at(-1);
    if (!last) {
      last = { firstSeq: 1, path: join(opts.dir, segmentName(1)) };
      segments.push(last);
    }
    const fh = await open(last.path, 'a+').then(async (h) => {
      await h.close();
      return open(last.path, 'r+');
    });
    const size = (await fh.stat()).size;
    let lastSeq = last.firstSeq - 1;
    let newestAt = -Infinity;
    const good = await scanSegment(fh, 0, size, (r) => {
      lastSeq = r.seq;
      newestAt = Math.max(newestAt, r.receivedAt);
    });
    // A torn tail was never acknowledged (its sync never finished): cut it off.
    if (good < size) await fh.truncate(good);
    let closedBytes = 0;
    for (const s of segments.slice(0, -1)) closedBytes += (await stat(s.path)).size;
    return new FileLog(opts, segments, fh, good, lastSeq, closedBytes, newestAt);
  }

  append(inputs: LogInput[]): Promise<Appended> {
    if (this.failed) return Promise.reject(this.failedError());
    if (inputs.length === 0) return Promise.resolve({ firstSeq: 0, lastSeq: 0, seqs: [] });
    return new Promise((resolve, reject) => {
      const firstSeq = this.assignedSeq + 1;
      this.assignedSeq += inputs.length;
      const records = inputs.map((r, i) => ({ ...r, seq: firstSeq + i }));
      const text = records.map((r) => encodeRecord(r.seq, r)).join('');
      const bytes = Buffer.byteLength(text);
      this.pending.push({ records, text, bytes, resolve, reject });
      this.appends += 1;
      this.pendingBytes += bytes;
      this.flushing ??= this.flushLoop();
    });
  }

  async read(afterSeq: number, max: number): Promise<LogRecord[]> {
    if (afterSeq >= this.durableSeq || max <= 0) return [];
    const cached = this.recent.after(afterSeq, max);
    if (cached) return cached;
    return this.disk.read(afterSeq, max, this.durableSeq);
  }

  waitFor(afterSeq: number, timeoutMs: number): Promise<void> {
    if (this.durableSeq > afterSeq || this.failed) return Promise.resolve();
    return this.waiters.wait(timeoutMs);
  }

  lastSeq(): number {
    return this.durableSeq;
  }

  stats(): LogStats {
    return {
      firstSeq: this.segments[0]?.firstSeq ?? 1,
      lastSeq: this.durableSeq,
      bytes: this.closedBytes + this.writeOffset,
      pendingBytes: this.pendingBytes,
      appends: this.appends,
      syncs: this.syncs,
    };
  }

  /**
   * Retention: deletes the oldest segment files whose records all arrived before `beforeMs`
   * and all have seq <= `upToSeq` (the lowest consumer checkpoint, so an unprocessed record
   * is never deleted, however old). Only whole segments and only from the oldest on, so the
   * log stays contiguous from `stats().firstSeq`; never the segment being written.
   */
  pruneBefore(opts: { beforeMs: number; upToSeq: number }): Promise<LogPruned> {
    const run = this.pruning.then(() => this.prune(opts));
    this.pruning = run.catch(() => undefined);
    return run;
  }

  private async prune({ beforeMs, upToSeq }: { beforeMs: number; upToSeq: number }) {
    const pruned: LogPruned = { segments: 0, records: 0, bytes: 0 };
    // The last segment is the one being written; any before it is closed for good.
    while (this.segments.length > 1) {
      const [oldest, next] = this.segments as [Segment, Segment];
      const lastSeq = next.firstSeq - 1;
      if (lastSeq > upToSeq || (await this.newestIn(oldest)) >= beforeMs) break;
      const { size } = await stat(oldest.path);
      await unlink(oldest.path);
      this.segments.shift();
      this.newestAt.delete(oldest.firstSeq);
      this.closedBytes -= size;
      pruned.segments += 1;
      pruned.records += lastSeq - oldest.firstSeq + 1;
      pruned.bytes += size;
    }
    if (pruned.segments > 0) await syncDir(this.opts.dir);
    return pruned;
  }

  /** A closed segment's newest receive time: known if written here, else read once. */
  private async newestIn(segment: Segment): Promise<number> {
    const known = this.newestAt.get(segment.firstSeq);
    if (known !== undefined) return known;
    let newest = -Infinity;
    const fh = await open(segment.path, 'r');
    try {
      await scanSegment(fh, 0, (await fh.stat()).size, (r) => {
        newest = Math.max(newest, r.receivedAt);
      });
    } finally {
      await fh.close();
    }
    this.newestAt.set(segment.firstSeq, newest);
    return newest;
  }

  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.fh.close();
    this.waiters.wakeAll();
  }

  /** The last seq handed out; ahead of durableSeq while appends wait for their sync. */
  private assignedSeq: number;
  private appends = 0;
  private syncs = 0;

  private async flushLoop(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      const count = batch.reduce((n, p) => n + p.records.length, 0);
      const bytes = batch.reduce((n, p) => n + p.bytes, 0);
      try {
        await this.rollIfFull(batch[0]!.records[0]!.seq);
        const buf = Buffer.from(batch.map((p) => p.text).join(''));
        await this.fh.write(buf, 0, buf.length, this.writeOffset);
        if (this.opts.fsync) await this.fh.datasync();
        this.syncs += 1;
        this.writeOffset += buf.length;
        for (const p of batch)
          for (const r of p.records)
            this.activeNewestAt = Math.max(this.activeNewestAt, r.receivedAt);
      } catch (cause) {
        this.failed = cause;
        for (const p of [...batch, ...this.pending]) p.reject(this.failedError());
        this.pending = [];
        break;
      } finally {
        this.pendingBytes -= bytes;
      }
      for (const p of batch) this.recent.push(p.records);
      this.durableSeq += count;
      for (const p of batch)
        p.resolve({
          firstSeq: p.records[0]!.seq,
          lastSeq: p.records.at(-1)!.seq,
          seqs: p.records.map((r) => r.seq),
        });
      this.waiters.wakeAll();
      for (const l of this.durableListeners) l(this.durableSeq);
    }
    this.flushing = null;
  }

  private async rollIfFull(firstSeq: number): Promise<void> {
    if (this.writeOffset < this.opts.segmentBytes) return;
    await this.fh.close();
    this.newestAt.set(this.segments.at(-1)!.firstSeq, this.activeNewestAt);
    this.activeNewestAt = -Infinity;
    const seg = { firstSeq, path: join(this.opts.dir, segmentName(firstSeq)) };
    this.fh = await open(seg.path, 'w+');
    await syncDir(this.opts.dir);
    this.segments.push(seg);
    this.closedBytes += this.writeOffset;
    this.writeOffset = 0;
  }

  private failedError(): InfraError {
    return new InfraError('log write failed; the log is closed for appends', false, {
      cause: this.failed,
    });
  }
}

async function syncDir(dir: string): Promise<void> {
  const d = await open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}
