import { readdir, mkdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeRecord } from '../../core/log-codec.js';
import type { LogRecord } from '../../core/ports.js';

const SEGMENT_RE = /^(\d{20})\.log$/;
const CHUNK = 4 * 1024 * 1024;

export interface Segment {
  firstSeq: number;
  path: string;
}

export function segmentName(firstSeq: number): string {
  return `${String(firstSeq).padStart(20, '0')}.log`;
}

export async function listSegments(dir: string): Promise<Segment[]> {
  await mkdir(dir, { recursive: true });
  const names = await readdir(dir);
  return names
    .flatMap((n) => {
      const m = SEGMENT_RE.exec(n);
      return m?.[1] ? [{ firstSeq: Number(m[1]), path: join(dir, n) }] : [];
    })
    .sort((a, b) => a.firstSeq - b.firstSeq);
}

/**
 * Reads whole lines from `start` up to `end` bytes, calling `onRecord` for each (return
 * false to stop). Returns the offset just past the last good line: a torn tail (a write cut
 * by a crash, never acknowledged) stops the scan there. Works on bytes: 0x0A never occurs
 * inside a multi-byte UTF-8 sequence, so splitting on it is safe.
 */
export async function scanSegment(
  fh: FileHandle,
  start: number,
  end: number,
  onRecord: (r: LogRecord, endOffset: number) => boolean | void,
): Promise<number> {
  let buf = Buffer.allocUnsafe(CHUNK);
  let filled = 0; // bytes in buf not yet consumed, starting at buf[0]
  let bufStart = start; // file offset of buf[0]
  while (bufStart + filled < end) {
    if (filled === buf.length) buf = Buffer.concat([buf, Buffer.allocUnsafe(buf.length)]);
    const want = Math.min(buf.length - filled, end - bufStart - filled);
    const { bytesRead } = await fh.read(buf, filled, want, bufStart + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
    let lineStart = 0;
    let nl = buf.indexOf(10, 0);
    while (nl >= 0 && nl < filled) {
      let record: LogRecord;
      try {
        record = decodeRecord(buf.toString('utf8', lineStart, nl));
      } catch {
        return bufStart + lineStart;
      }
      if (onRecord(record, bufStart + nl + 1) === false) return bufStart + nl + 1;
      lineStart = nl + 1;
      nl = buf.indexOf(10, lineStart);
    }
    buf.copy(buf, 0, lineStart, filled);
    filled -= lineStart;
    bufStart += lineStart;
  }
  return bufStart;
}
