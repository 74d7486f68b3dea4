/**
 * Timestamps inside storepulse are UTC. In SQL they are `TIMESTAMP` columns holding UTC
 * wall time (the same type and behaviour in DuckDB and PostgreSQL), written as
 * `YYYY-MM-DD HH:MM:SS.mmm`.
 */
export function toSqlTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** Reads a SQL timestamp (UTC wall time) back into epoch milliseconds. */
export function fromSqlTimestamp(text: string): number {
  return Date.parse(text.replace(' ', 'T') + (/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? '' : 'Z'));
}
