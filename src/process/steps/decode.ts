import type { LogRecord } from '../../core/ports.js';
import { pass, reject, type StepResult } from './outcome.js';

/** Turns a log record into a JSON object; raw records carry the collector's reason. */
export function createDecodeStep() {
  return function decode(record: LogRecord): StepResult<Record<string, unknown>> {
    if (record.kind === 'raw') return reject(record.reason ?? 'malformed_json', rawDetail(record));
    let value: unknown = record.parsed;
    if (value === undefined) {
      try {
        value = JSON.parse(record.payload);
      } catch (e) {
        return reject('malformed_json', (e as Error).message);
      }
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return reject('schema_violation', 'an event must be a JSON object');
    }
    return pass(value as Record<string, unknown>);
  };
}

const RAW_DETAILS: Partial<Record<string, string>> = {
  oversized: 'the event is over the per-event size limit; its first 64 KiB are kept',
  schema_violation: 'the body is JSON but not a batch or an event object',
  malformed_row: 'an imported source row that cannot be read as its format; the row is kept',
};

/** Why the collector could not take a raw payload apart; JSON's own message when it has one. */
function rawDetail(record: LogRecord): string {
  const fixed = RAW_DETAILS[record.reason ?? ''];
  if (fixed) return fixed;
  try {
    JSON.parse(record.payload);
    return 'the body could not be read as JSON';
  } catch (e) {
    return `the body is not valid JSON: ${(e as Error).message}`;
  }
}
