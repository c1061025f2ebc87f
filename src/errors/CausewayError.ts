/**
 * The one error type every layer throws for things a user can get wrong or an
 * environment can lack. `code` is stable and becomes GraphQL `extensions.code`
 * and the CLI's message prefix; programmer mistakes use `invariant()` instead.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'LIMIT_EXCEEDED'
  | 'TIMEOUT'
  | 'INVALID_MODEL'
  | 'INVALID_QUERY'
  | 'ZERO_PROBABILITY_EVIDENCE'
  | 'NOT_IDENTIFIABLE'
  | 'INVALID_PROGRAM'
  | 'CONFIG_ERROR'
  | 'ENVIRONMENT_ERROR'
  | 'DATABASE_UNAVAILABLE'
  | 'MIGRATION_ERROR'
  | 'INTERNAL';

export interface CausewayErrorOptions {
  code: ErrorCode;
  /** The input field or argument at fault, when there is one. */
  field?: string;
  /** Structured detail for machines (e.g. the cycle, the size that exceeded a limit). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class CausewayError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly details?: Record<string, unknown>;

  constructor(message: string, options: CausewayErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CausewayError';
    this.code = options.code;
    this.field = options.field;
    this.details = options.details;
  }
}

export function isCausewayError(error: unknown): error is CausewayError {
  return error instanceof CausewayError;
}
