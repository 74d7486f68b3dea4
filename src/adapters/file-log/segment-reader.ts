import { open } from 'node:fs/promises';
import type { LogRecord } from '../../core/ports.js';
import { listSegments, scanSegment, type Segment } from './segments.js';

/**
 * Reads records by sequence from the segment files of a log folder, read-only, so it works
 * beside the writer or in another thread. Only records up to `durableSeq` are returned (a
 * line may be written but not yet synced), and a cursor remembers where the last read
 * stopped so a reader catching up never rescans a segment.
 */
export class SegmentReader {
  private segments: Segment[] = [];
  private cursor: { segment: number; offset: number; seq: number } | null = null;

  constructor(private readonly dir: string) {}

  async read(afterSeq: number, max: number, durableSeq: number): Promise<LogRecord[]> {
    if (afterSeq >= durableSeq || max <= 0) return [];
    if (this.segments.length === 0) await this.refresh();
    const out: LogRecord[] = [];
    const resume = this.cursor?.seq === afterSeq + 1 ? this.cursor : null;
    let i =
      resume?.segment ??
      Math.max(
        0,
        this.segments.findLastIndex((s) => s.firstSeq <= afterSeq + 1),
      );
    let lastSeen = afterSeq;
    for (; out.length < max && lastSeen < durableSeq; i++) {
      if (i >= this.segments.length) {
        // The writer may have started a segment since the folder was listed.
        const known = this.segments.length;
        await this.refresh();
        if (this.segments.length === known) break;
      }
      const fh = await open(this.segments[i]!.path, 'r');
      try {
        const end = (await fh.stat()).size;
        const start = resume && i === resume.segment ? resume.offset : 0;
        await scanSegment(fh, start, end, (r, endOffset) => {
          if (r.seq > durableSeq) return false;
          lastSeen = r.seq;
          if (r.seq <= afterSeq) return true;
          out.push(r);
          this.cursor = { segment: i, offset: endOffset, seq: r.seq + 1 };
          return out.length < max;
        });
      } finally {
        await fh.close();
      }
    }
    return out;
  }

  private async refresh(): Promise<void> {
    this.segments = await listSegments(this.dir);
  }
}
