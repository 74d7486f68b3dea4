import type { LogRecord } from '../../core/ports.js';
import { pass, reject, type StepResult } from './outcome.js';

/** Turns a log record into a JSON object; raw records carry the collector's reason. */
export function createDecodeStep() {
  return function decode(record: LogRecord): StepResult<Record<string, unknown>> {
    if (record.kind === 'raw') {
      return reject(record.reason ?? 'malformed_json', 'the collector could not read this payload');
    }
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
