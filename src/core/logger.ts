import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured logs: constant messages, facts in the fields object. */
export function createLogger(level: string, name = 'storepulse'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}

export const silentLogger: Logger = pino({ level: 'silent' });
