import type { QuarantineReason } from '../../core/reasons.js';

/** Bad data is a value: a step either passes its result on or names the reason. */
export type StepResult<T> =
  { ok: true; value: T } | { ok: false; reason: QuarantineReason; detail: string };

export const pass = <T>(value: T): StepResult<T> => ({ ok: true, value });
export const reject = (
  reason: QuarantineReason,
  detail: string,
): { ok: false; reason: QuarantineReason; detail: string } => ({
  ok: false,
  reason,
  detail,
});
