import { describe, expect, it } from 'vitest';
import type { ImportItem } from '../types.js';
import { ndjsonMapper } from './ndjson.js';

describe('NDJSON mapping', () => {
  it('keeps given messageIds, derives the others from the line, and keeps bad lines raw', () => {
    const m = ndjsonMapper();
    const out: ImportItem[] = [];
    const lines = [
      '{"type":"track","event":"Product Viewed","messageId":"m1","userId":"u"}',
      '',
      '{"batch":[{"type":"page","anonymousId":"a"},{"type":"page","anonymousId":"a"}]}',
      '{"type":"page",',
      '42',
    ];
    for (const l of lines) m.push(l, out);
    expect(out.map((i) => (i.kind === 'raw' ? i.reason : i.messageId.length))).toEqual([
      2,
      36,
      36,
      'malformed_json',
      'schema_violation',
    ]);
    const [a, b] = [out[1], out[2]] as { messageId: string }[];
    expect(a!.messageId).not.toBe(b!.messageId);
    const again: ImportItem[] = [];
    const m2 = ndjsonMapper();
    for (const l of lines) m2.push(l, again);
    expect(again.map((i) => i.kind === 'event' && i.messageId)).toEqual(
      out.map((i) => i.kind === 'event' && i.messageId),
    );
    expect(m.counts().rows).toBe(4);
  });
});
