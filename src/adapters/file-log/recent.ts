import type { LogRecord } from '../../core/ports.js';

/**
 * The newest durable records, kept in memory so an in-process reader that keeps up never
 * touches the disk. Contiguous by seq; the oldest are dropped past `capacity`.
 */
export class RecentRecords {
  private items: LogRecord[] = [];
  private head = 0;

  constructor(
    private readonly capacity: number,
    private lastSeq: number,
  ) {}

  push(records: LogRecord[]): void {
    if (records.length > 0) this.lastSeq = records.at(-1)!.seq;
    if (this.capacity === 0) return;
    for (const r of records) this.items.push(r);
    const size = this.items.length - this.head;
    if (size > this.capacity) this.head += size - this.capacity;
    // Compact now and then, not on every push: slicing is O(n).
    if (this.head > this.capacity) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** Up to `max` records after `afterSeq`, or null when they are no longer in memory. */
  after(afterSeq: number, max: number): LogRecord[] | null {
    const size = this.items.length - this.head;
    const firstSeq = this.lastSeq - size + 1;
    if (size === 0 || afterSeq + 1 < firstSeq) return null;
    const start = this.head + (afterSeq + 1 - firstSeq);
    return this.items.slice(start, start + max);
  }
}
