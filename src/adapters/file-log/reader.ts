import type { LogReader, LogRecord } from '../../core/ports.js';
import { SegmentReader } from './segment-reader.js';
import { Waiters } from './waiters.js';

/**
 * A read-only view of a file log written elsewhere in this process (the processor's worker
 * thread reads what the collector's thread writes). The writer says how far the log is
 * durable with `advance`; nothing past that is ever returned.
 */
export class FileLogReader implements LogReader {
  private readonly disk: SegmentReader;
  private readonly waiters = new Waiters();

  constructor(
    dir: string,
    private durableSeq: number,
  ) {
    this.disk = new SegmentReader(dir);
  }

  advance(lastSeq: number): void {
    if (lastSeq <= this.durableSeq) return;
    this.durableSeq = lastSeq;
    this.waiters.wakeAll();
  }

  lastSeq(): number {
    return this.durableSeq;
  }

  read(afterSeq: number, max: number): Promise<LogRecord[]> {
    return this.disk.read(afterSeq, max, this.durableSeq);
  }

  waitFor(afterSeq: number, timeoutMs: number): Promise<void> {
    if (this.durableSeq > afterSeq) return Promise.resolve();
    return this.waiters.wait(timeoutMs);
  }

  /** Wakes every waiter, so a stopping processor does not sit out its idle wait. */
  close(): void {
    this.waiters.wakeAll();
  }
}
