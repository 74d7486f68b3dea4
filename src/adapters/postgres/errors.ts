import { InfraError } from '../../core/errors.js';

/** The SQLSTATE of a server error, or the Node error code of a socket failure. */
const codeOf = (err: unknown): string => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};

const messageOf = (err: unknown): string => String((err as Error | null)?.message ?? err);

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
// 57P01-57P03: the server shuts down, crashed or is starting; 08: connection exceptions;
// 53: insufficient resources (disk full, out of memory, too many connections).
const SERVER_DOWN = /^(08|53|57P0[123])/;
const SQLSTATE = /^[0-9A-Z]{5}$/;
// What pg says (no SQLSTATE) when the socket closed under a query, or before one.
const CLIENT_DOWN = /Connection terminated|not queryable|connection error|Client was closed/i;

/**
 * The connection is lost or the server cannot serve: nothing about the data, and the same
 * work can succeed once PostgreSQL is back, on a new connection.
 */
export function isConnectionError(err: unknown): boolean {
  const code = codeOf(err);
  if (SOCKET_CODES.has(code)) return true;
  if (SQLSTATE.test(code)) return SERVER_DOWN.test(code);
  return CLIENT_DOWN.test(messageOf(err));
}

/**
 * Another processor's concurrent commit got in the way: it stored one of our keys between
 * our lookup and our COPY (unique_violation), or the two deadlocked, or a serialization
 * failure. Done again from the start, the lookup sees the other commit.
 */
export function isCommitConflict(err: unknown): boolean {
  return ['23505', '40P01', '40001'].includes(codeOf(err));
}

/**
 * What callers of the warehouse get: an InfraError (retriable) for a lost connection or a
 * server that cannot serve; any other error of PostgreSQL as a plain Error naming its
 * SQLSTATE (bad data: the same work fails again).
 */
export function pgFailure(err: unknown, doing: string): Error {
  if (err instanceof InfraError) return err;
  if (isConnectionError(err)) {
    return new InfraError(`PostgreSQL ${doing}: ${messageOf(err)}`, true, { cause: err });
  }
  const code = codeOf(err);
  if (SQLSTATE.test(code)) {
    return new Error(`PostgreSQL ${doing}: ${messageOf(err)} (SQLSTATE ${code})`, { cause: err });
  }
  return err instanceof Error ? err : new Error(messageOf(err));
}
