import { messageIdOf } from '../ids.js';
import { emptyCounts, type ImportItem, type Mapper } from '../types.js';

/**
 * Segment-style events, one JSON object per line (or a `{"batch": [...]}` line). An event
 * without a messageId gets one derived from its line's text and position, so importing the
 * file again is a no-op; a line that is not JSON is kept raw and quarantined.
 */
export function ndjsonMapper(): Mapper<string> {
  const counts = emptyCounts();
  return {
    counts: () => counts,
    end: () => undefined,
    push(line, out) {
      if (line.trim() === '') return;
      counts.rows += 1;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        out.push({ kind: 'raw', reason: 'malformed_json', text: line });
        return;
      }
      const batch = (value as { batch?: unknown } | null)?.batch;
      const events = Array.isArray(batch) ? (batch as unknown[]) : [value];
      events.forEach((e, i) => out.push(eventItem(e, line, counts.rows, i)));
    },
  };
}

function eventItem(value: unknown, line: string, lineNo: number, index: number): ImportItem {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'raw', reason: 'schema_violation', text: JSON.stringify(value) };
  }
  const event = value as Record<string, unknown>;
  const given = event.messageId;
  const messageId =
    typeof given === 'string' && given.length > 0 && given.length <= 256
      ? given
      : messageIdOf('ndjson', line, String(lineNo), String(index));
  return { kind: 'event', messageId, event: { ...event, messageId } };
}
