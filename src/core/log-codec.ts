import type { LogInput, LogRecord } from './ports.js';

/**
 * The record codec both logs share (the file log and the NATS JetStream log), so a record
 * reads the same wherever it was stored. One record is one line: a JSON array header, a
 * tab, then the payload. The header is small and JSON-escaped, so it holds no raw tab or
 * newline; an `event` payload is the event's JSON text (JSON.stringify escapes newlines),
 * and a `raw` payload is stored as a JSON string because raw bytes may hold anything.
 */
type Header = [
  seq: number,
  receivedAt: number,
  writeKeyId: string,
  requestId: string,
  source: string,
  messageId: string,
  sentAt: string | null,
  kind: 'event' | 'raw',
  reason: string | null,
];

/**
 * A record's line without its leading `[seq`: a log that numbers records only when it
 * packs them (the NATS log numbers them within a message) can measure them first.
 */
export function encodeRecordBody(r: LogInput): string {
  const rest = [
    r.receivedAt,
    r.writeKeyId,
    r.requestId,
    r.source,
    r.messageId,
    r.sentAt ?? null,
    r.kind,
    r.reason ?? null,
  ];
  const payload = r.kind === 'raw' ? JSON.stringify(r.payload) : r.payload;
  return `,${JSON.stringify(rest).slice(1)}\t${payload}\n`;
}

/** Completes a line from `encodeRecordBody` with its seq (a safe integer). */
export function withSeq(seq: number, body: string): string {
  return `[${seq}${body}`;
}

export function encodeRecord(seq: number, r: LogInput): string {
  return withSeq(seq, encodeRecordBody(r));
}

/** Decodes one line without its newline; throws on a torn or corrupt line. */
export function decodeRecord(line: string): LogRecord {
  const tab = line.indexOf('\t');
  if (tab < 0) throw new Error('log record has no header separator');
  const h = JSON.parse(line.slice(0, tab)) as Header;
  if (!Array.isArray(h) || h.length !== 9 || typeof h[0] !== 'number') {
    throw new Error('log record header is malformed');
  }
  const [seq, receivedAt, writeKeyId, requestId, source, messageId, sentAt, kind, reason] = h;
  const body = line.slice(tab + 1);
  return {
    seq,
    receivedAt,
    writeKeyId,
    requestId,
    source,
    messageId,
    sentAt: sentAt ?? undefined,
    kind,
    reason: (reason ?? undefined) as LogRecord['reason'],
    payload: kind === 'raw' ? (JSON.parse(body) as string) : body,
  };
}
