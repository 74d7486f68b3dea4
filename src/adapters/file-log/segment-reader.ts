import { open } from 'node:fs/promises';
import type { LogRecord } from '../../core/ports.js';
import { listSegments, scanSegment, type Segment } from './segments.js';

/**
 * Reads records by sequence from the segment files of a log folder, read-only, so it works
 * beside the writer or in another thread. Only records up to `durableSeq` are returned (a
 * line may be written but not yet synced), and a cursor remembers where the last read
 * stopped so a reader catching up never rescans a segment. Segments are known by their
 * first seq, not by position: retention deletes the oldest ones while this reader holds a
 * listing of the folder.
 */
export class SegmentReader {
  private segments: Segment[] = [];
  private cursor: { firstSeq: number; offset: number; seq: number } | null = null;

  constructor(private readonly dir: string) {}

  async read(afterSeq: number, max: number, durableSeq: number): Promise<LogRecord[]> {
    if (afterSeq >= durableSeq || max <= 0) return [];
    try {
      return await this.scan(afterSeq, max, durableSeq);
    } catch (err) {
      // Retention deleted a segment this reader had listed: list the folder again.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      await this.refresh();
      return this.scan(afterSeq, max, durableSeq);
    }
  }

  private async scan(afterSeq: number, max: number, durableSeq: number): Promise<LogRecord[]> {
    if (this.segments.length === 0) await this.refresh();
    const out: LogRecord[] = [];
    const resume = this.cursor?.seq === afterSeq + 1 ? this.cursor : null;
    // Records retention removed are skipped: reading starts at the oldest segment left.
    let segment =
      this.segments.find((s) => s.firstSeq === resume?.firstSeq) ??
      this.segments.findLast((s) => s.firstSeq <= afterSeq + 1) ??
      this.segments[0];
    let lastSeen = afterSeq;
    while (segment && out.length < max && lastSeen < durableSeq) {
      const current = segment;
      const fh = await open(current.path, 'r');
      try {
        const end = (await fh.stat()).size;
        const start = resume?.firstSeq === current.firstSeq ? resume.offset : 0;
        await scanSegment(fh, start, end, (r, endOffset) => {
          if (r.seq > durableSeq) return false;
          lastSeen = r.seq;
          if (r.seq <= afterSeq) return true;
          out.push(r);
          this.cursor = { firstSeq: current.firstSeq, offset: endOffset, seq: r.seq + 1 };
          return out.length < max;
        });
      } finally {
        await fh.close();
      }
      if (out.length < max && lastSeen < durableSeq) segment = await this.after(current);
    }
    return out;
  }

  /** The segment after `current`; the writer may have started it since the folder was listed. */
  private async after(current: Segment): Promise<Segment | undefined> {
    const next = () => this.segments.find((s) => s.firstSeq > current.firstSeq);
    if (next()) return next();
    await this.refresh();
    return next();
  }

  private async refresh(): Promise<void> {
    this.segments = await listSegments(this.dir);
  }
}
