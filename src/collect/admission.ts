import { HttpError } from '../core/errors.js';

export interface AdmissionOptions {
  /** Bytes being received plus bytes waiting for the log's sync, across all requests. */
  maxInflightBytes: number;
  /** Requests in progress for one write key. */
  maxRequestsPerKey: number;
}

/**
 * Bounded memory under overload: a request is admitted only while the bytes in flight
 * stay under budget (else 503), and one write key cannot hog the collector (else 429).
 * Both answers carry Retry-After.
 */
export function createAdmission(opts: AdmissionOptions, pendingLogBytes: () => number) {
  let inflight = 0;
  const perKey = new Map<string, number>();
  return {
    enter(key: string, declaredBytes: number): () => void {
      if (inflight + pendingLogBytes() + declaredBytes > opts.maxInflightBytes) {
        throw new HttpError(503, 'overloaded', 'the collector is at capacity; retry later', {
          'Retry-After': '1',
        });
      }
      const n = perKey.get(key) ?? 0;
      if (n >= opts.maxRequestsPerKey) {
        throw new HttpError(
          429,
          'too_many_requests',
          'too many concurrent requests for this write key',
          { 'Retry-After': '1' },
        );
      }
      inflight += declaredBytes;
      perKey.set(key, n + 1);
      let left = false;
      return () => {
        if (left) return;
        left = true;
        inflight -= declaredBytes;
        const m = (perKey.get(key) ?? 1) - 1;
        if (m === 0) perKey.delete(key);
        else perKey.set(key, m);
      };
    },
    inflightBytes: () => inflight,
  };
}
