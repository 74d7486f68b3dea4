/**
 * The closed set of quarantine reasons. Every event that does not reach silver lands in
 * quarantine with exactly one of these codes; docs/events.md describes each.
 */
export const QUARANTINE_REASONS = {
  malformed_json: 'The body or the log record is not valid JSON.',
  schema_violation: 'The envelope or the properties do not match the event contract.',
  missing_identity: 'Neither userId nor anonymousId is present.',
  unsupported_type: 'The envelope type is not track, identify or page.',
  unknown_event: 'The track event name is not a contract event.',
  negative_price: 'A price or money amount is negative.',
  zero_price: 'An order line has a price of zero.',
  amount_out_of_range: 'A line amount (price x quantity) or an order total reaches a trillion.',
  bad_timestamp: 'A timestamp cannot be parsed, or is before 2000-01-01.',
  future_timestamp: 'The event time is more than a day after the receive time.',
  oversized: 'The event is larger than the per-event limit (32 KB by default).',
  duplicate: 'The messageId was already stored in silver (a client retry).',
  duplicate_order: 'The order_id of an order_completed event was already stored.',
  malformed_row:
    'An imported source row cannot be read as its format (a wrong number of columns, or a value of the wrong kind).',
  storage_error:
    'The warehouse refused to store this event, again and again (a value the engine cannot hold, such as U+0000 in PostgreSQL text); kept with the error so the stream behind it goes on.',
  processing_error:
    'The pipeline failed on this event (a bug); kept so a replay can store it after the fix.',
} as const;

export type QuarantineReason = keyof typeof QUARANTINE_REASONS;
export const REASON_CODES = Object.keys(QUARANTINE_REASONS) as QuarantineReason[];

/** Raw payloads are kept in quarantine up to this many characters (events are at most 32 KB). */
export const RAW_CAP = 64 * 1024;
