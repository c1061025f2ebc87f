import pino, { type Logger } from 'pino';

export type { Logger };

/** Logs are JSON lines on stderr: stdout belongs to machine-readable answers. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { service: 'causeway' } }, pino.destination({ fd: 2, sync: true }));
}
