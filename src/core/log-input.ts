import { randomUUID } from 'node:crypto';
import type { LogInput } from './ports.js';
import { RAW_CAP, type QuarantineReason } from './reasons.js';

export interface ItemResult {
  index: number;
  messageId: string;
  status: 'stored' | 'quarantined';
  reason?: QuarantineReason;
  seq?: number;
}

export interface RequestMeta {
  receivedAt: number;
  writeKeyId: string;
  requestId: string;
  source: string;
  sentAt?: string | undefined;
}

/**
 * Turns each item of a request into a log input. The collector only checks what it must
 * to store an item (it is an event-sized value); the processor validates the contract.
 * An oversized item is kept as raw text (capped) so it reaches quarantine, not the void.
 */
export function toLogInputs(items: unknown[], meta: RequestMeta, maxEventBytes: number) {
  const inputs: LogInput[] = [];
  const results: ItemResult[] = [];
  items.forEach((item, index) => {
    const payload = JSON.stringify(item) ?? 'null';
    const given = (item as { messageId?: unknown } | null)?.messageId;
    const messageId =
      typeof given === 'string' && given.length > 0 && given.length <= 256 ? given : randomUUID();
    // Characters count at most 3 UTF-8 bytes each: measure bytes only near the limit.
    const oversized =
      payload.length * 3 > maxEventBytes && Buffer.byteLength(payload) > maxEventBytes;
    const base = { ...meta, messageId };
    if (oversized) {
      inputs.push({
        ...base,
        kind: 'raw',
        reason: 'oversized',
        payload: payload.slice(0, RAW_CAP),
      });
      results.push({ index, messageId, status: 'quarantined', reason: 'oversized' });
    } else {
      inputs.push({
        ...base,
        kind: 'event',
        payload,
        parsed: typeof item === 'object' && item !== null ? item : undefined,
      });
      results.push({ index, messageId, status: 'stored' });
    }
  });
  return { inputs, results };
}

/** A body (or an imported row) that could not be taken apart: recorded raw so it lands in quarantine. */
export function rawInput(
  body: Buffer | string,
  meta: RequestMeta,
  reason: QuarantineReason,
  messageId: string = randomUUID(),
): LogInput {
  const payload =
    typeof body === 'string' ? body.slice(0, RAW_CAP) : body.subarray(0, RAW_CAP).toString('utf8');
  return { ...meta, messageId, kind: 'raw', reason, payload };
}
