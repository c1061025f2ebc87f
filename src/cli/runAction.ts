import { isCausewayError } from '../errors';
import { EXIT_FAILURE, EXIT_USAGE } from './exitCodes';

/** A mistake in how the command was called: exit 2, like commander's own usage errors. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Wraps a command's action so that every failure leaves one typed line on
 * stderr and the contract's exit code; stdout carries only the answer.
 */
export function runAction<A extends unknown[]>(action: (...args: A) => Promise<number | void> | number | void) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await action(...args);
      process.exitCode = typeof code === 'number' ? code : 0;
    } catch (error) {
      process.exitCode = reportError(error);
    }
  };
}

export function reportError(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`causeway: usage: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (isCausewayError(error)) {
    const field = error.field ? ` (${error.field})` : '';
    process.stderr.write(`causeway: ${error.code}${field}: ${error.message}\n`);
    return EXIT_FAILURE;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`causeway: INTERNAL: ${message}\n`);
  return EXIT_FAILURE;
}

/** Parses a repeatable `VAR=STATE` option value. */
export function parseAssignment(text: string, option: string): { variable: string; state: string } {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1) {
    throw new UsageError(`${option} expects VAR=STATE, got "${text}"`);
  }
  return { variable: text.slice(0, at), state: text.slice(at + 1) };
}

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
