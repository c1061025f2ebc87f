import { CausewayError } from './CausewayError';

export function badUserInput(message: string, field?: string, details?: Record<string, unknown>): CausewayError {
  return new CausewayError(message, { code: 'BAD_USER_INPUT', field, details });
}

export function notFound(message: string, details?: Record<string, unknown>): CausewayError {
  return new CausewayError(message, { code: 'NOT_FOUND', details });
}

export function limitExceeded(message: string, details?: Record<string, unknown>): CausewayError {
  return new CausewayError(message, { code: 'LIMIT_EXCEEDED', details });
}

export function invalidModel(message: string, details?: Record<string, unknown>): CausewayError {
  return new CausewayError(message, { code: 'INVALID_MODEL', details });
}

export function invalidQuery(message: string, field?: string, details?: Record<string, unknown>): CausewayError {
  return new CausewayError(message, { code: 'INVALID_QUERY', field, details });
}

export function environmentError(message: string, details?: Record<string, unknown>, cause?: unknown): CausewayError {
  return new CausewayError(message, { code: 'ENVIRONMENT_ERROR', details, cause });
}
