import { readFileSync } from 'node:fs';
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

/** Repeatable `VAR=STATE` options as a record; the same variable set to two states is a usage error. */
export function parseAssignments(values: string[], option: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const text of values) {
    const { variable, state } = parseAssignment(text, option);
    if (variable in result && result[variable] !== state) {
      throw new UsageError(`${option} sets "${variable}" twice, to "${result[variable]}" and "${state}"`);
    }
    result[variable] = state;
  }
  return result;
}

/** Runs a parse of a user's option; a typed (CausewayError) rejection becomes a usage error (exit 2). */
export function asUsageError<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (isCausewayError(error)) throw new UsageError(error.message);
    throw error;
  }
}

/** A file named on the command line; one that cannot be read is a usage error (exit 2). */
export function readInputFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
