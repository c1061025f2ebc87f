import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Logs are JSON lines on stderr: stdout belongs to machine-readable answers.
 * Synchronous by default (a CLI's lines stay in order with what it prints);
 * `sync: false` buffers lines and writes them in batches, which a server
 * logging every request wants (pino flushes what is buffered on exit).
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', options: { sync?: boolean } = {}): Logger {
  return pino({ level, base: { service: 'causeway' } }, pino.destination({ fd: 2, sync: options.sync ?? true }));
}
