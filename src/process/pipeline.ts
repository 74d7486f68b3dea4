import type { LogRecord, QuarantineInput } from '../core/ports.js';
import { RAW_CAP, type QuarantineReason } from '../core/reasons.js';
import { toSqlTimestamp } from '../core/time.js';
import { createDecodeStep } from './steps/decode.js';
import { createValidateStep } from './steps/validate.js';
import { createNormaliseStep, type NormaliseOptions } from './steps/normalise.js';
import { createEnrichStep } from './steps/enrich.js';
import { toSilver, type SilverRows } from './steps/shape.js';

export type Processed = { ok: true; rows: SilverRows } | { ok: false; quarantine: QuarantineInput };

export interface PipelineOptions extends NormaliseOptions {
  uaCacheSize: number;
}

/** decode, validate, normalise, enrich, shape: one log record in, silver rows or a reason out. */
export function createPipeline(opts: PipelineOptions, now: () => number) {
  const decode = createDecodeStep();
  const validate = createValidateStep();
  const normalise = createNormaliseStep(opts);
  const enrich = createEnrichStep(opts.uaCacheSize);
  return function process(record: LogRecord): Processed {
    const fail = (reason: QuarantineReason, detail: string, name: unknown = null): Processed => ({
      ok: false,
      quarantine: quarantineRow(record, reason, detail, now(), name),
    });
    const decoded = decode(record);
    if (!decoded.ok) return fail(decoded.reason, decoded.detail);
    const name = decoded.value.event ?? decoded.value.type;
    const valid = validate(decoded.value);
    if (!valid.ok) return fail(valid.reason, valid.detail, name);
    const normal = normalise(valid.value, record);
    if (!normal.ok) return fail(normal.reason, normal.detail, name);
    return { ok: true, rows: toSilver(enrich(normal.value), record) };
  };
}

export type Pipeline = ReturnType<typeof createPipeline>;

export function quarantineRow(
  record: LogRecord,
  reason: QuarantineReason,
  detail: string,
  now: number,
  name: unknown = null,
): QuarantineInput {
  return {
    seq: record.seq,
    quarantined_at: toSqlTimestamp(now),
    received_at: toSqlTimestamp(record.receivedAt),
    reason,
    detail: detail.slice(0, 1000),
    message_id: record.messageId,
    event_name: typeof name === 'string' ? name.slice(0, 256) : null,
    write_key_id: record.writeKeyId,
    request_id: record.requestId,
    source: record.source,
    batch_sent_at: record.sentAt ?? null,
    raw: record.payload.length > RAW_CAP ? record.payload.slice(0, RAW_CAP) : record.payload,
  };
}
