import type { Appended } from '../../core/ports.js';
import { withSeq } from '../../core/log-codec.js';
import { RECORDS_PER_MESSAGE, recordSeq } from './message.js';

/** Room for a record's `[offset` in its line: offsets stay below RECORDS_PER_MESSAGE. */
export const OFFSET_ROOM = String(RECORDS_PER_MESSAGE).length + 1;

/**
 * One append waiting for the broker: its records' lines (without their offsets, which
 * are known only when packed), how far it has been packed into messages, and how many of
 * those messages are not yet acknowledged. It resolves once all are, and fails as a whole
 * when any of them fails (the caller retries it all; the broker and the warehouse drop
 * what the first attempt already stored).
 */
export class PendingAppend {
  readonly seqs: number[];
  /** Bytes of all its lines: what it adds to the log's pending bytes. */
  readonly bytes: number;
  /** The first record not yet packed into a message. */
  next = 0;
  private unacked = 0;
  private unreleased: number;
  private settled = false;

  constructor(
    readonly bodies: string[],
    /** Each line's bytes, with OFFSET_ROOM. */
    readonly sizes: number[],
    private readonly release: (bytes: number) => void,
    private readonly resolve: (a: Appended) => void,
    private readonly reject: (err: unknown) => void,
  ) {
    this.seqs = new Array<number>(bodies.length);
    this.bytes = sizes.reduce((a, b) => a + b, 0);
    this.unreleased = this.bytes;
  }

  get packed(): boolean {
    return this.settled || this.next >= this.bodies.length;
  }

  packedInto(): void {
    this.unacked += 1;
  }

  acked(part: Part, streamSeq: number): void {
    if (this.settled) return;
    for (let i = part.from; i < part.to; i++) {
      this.seqs[i] = recordSeq(streamSeq, part.offset + i - part.from);
    }
    this.unreleased -= part.bytes;
    this.release(part.bytes);
    this.unacked -= 1;
    if (this.unacked > 0 || this.next < this.bodies.length) return;
    this.settled = true;
    this.resolve({ firstSeq: this.seqs[0]!, lastSeq: this.seqs.at(-1)!, seqs: this.seqs });
  }

  failed(err: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.release(this.unreleased);
    this.reject(err);
  }
}

/** The records of one append that went into one message, from its line `offset` on. */
export interface Part {
  append: PendingAppend;
  from: number;
  to: number;
  offset: number;
  bytes: number;
}

export interface Packed {
  text: string;
  count: number;
  parts: Part[];
}

/**
 * Takes records from the head of `queue` into one message of at most `maxBytes`, in order
 * and never splitting a record (each fits: `append` checks it); drops appends fully packed.
 */
export function pack(queue: PendingAppend[], maxBytes: number): Packed {
  const lines: string[] = [];
  const parts: Part[] = [];
  let bytes = 0;
  for (let head = queue[0]; head; head = queue[0]) {
    const part: Part = {
      append: head,
      from: head.next,
      to: head.next,
      offset: lines.length,
      bytes: 0,
    };
    while (!head.packed && lines.length < RECORDS_PER_MESSAGE) {
      const size = head.sizes[head.next]!;
      if (lines.length > 0 && bytes + size > maxBytes) break;
      lines.push(withSeq(lines.length, head.bodies[head.next]!));
      bytes += size;
      part.bytes += size;
      head.next += 1;
    }
    part.to = head.next;
    if (part.to > part.from) {
      parts.push(part);
      head.packedInto();
    }
    if (!head.packed) break;
    queue.shift();
  }
  return { text: lines.join(''), count: lines.length, parts };
}
