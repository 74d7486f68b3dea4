import type { KnownDuplicates } from '../sql/commit-direct.js';

/**
 * The most recent keys written (messageIds, order_ids), bounded. Client retries arrive
 * seconds to minutes after the original, so this set finds nearly every duplicate before
 * the write; the primary key still finds any other (see ../sql/commit-direct.ts).
 */
export class RecentKeys {
  private readonly set = new Set<string>();
  private readonly ring: (string | undefined)[];
  private next = 0;

  constructor(capacity: number) {
    this.ring = new Array<string | undefined>(capacity);
  }

  has(key: string): boolean {
    return this.set.has(key);
  }

  add(key: string): void {
    if (this.set.has(key)) return;
    const old = this.ring[this.next];
    if (old !== undefined) this.set.delete(old);
    this.ring[this.next] = key;
    this.set.add(key);
    this.next = (this.next + 1) % this.ring.length;
  }
}

/** Duplicates as far as the in-memory sets of recent keys know: a guess, checked by the keys. */
export const recentKnown = (recent: {
  messages: RecentKeys;
  orders: RecentKeys;
}): KnownDuplicates => ({
  message: (e) => recent.messages.has(e.message_id),
  order: (o) => recent.orders.has(o.order_id),
});
