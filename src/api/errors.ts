import { GraphQLError } from 'graphql';
import { isCausewayError, type CausewayError, type ErrorCode } from '../errors';

/** HTTP statuses for codes a client should react to (yoga uses extensions.http.status). */
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
};

/** Codes that are the environment's fault but safe and useful to show. */
const PUBLIC_CODES: ReadonlySet<ErrorCode> = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONFLICT',
  'LIMIT_EXCEEDED',
  'TIMEOUT',
  'INVALID_MODEL',
  'INVALID_QUERY',
  'ZERO_PROBABILITY_EVIDENCE',
  'NOT_IDENTIFIABLE',
  'INVALID_PROGRAM',
  'DATABASE_UNAVAILABLE',
]);

export function apiError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  const status = HTTP_STATUS[code];
  return new GraphQLError(message, { extensions: { code, ...extra, ...(status ? { http: { status } } : {}) } });
}

/** A CausewayError becomes a GraphQL error with its code, field and details in extensions. */
export function fromCausewayError(error: CausewayError, path?: ReadonlyArray<string | number>, nodes?: GraphQLError['nodes']): GraphQLError {
  const status = HTTP_STATUS[error.code];
  return new GraphQLError(error.message, {
    nodes,
    path,
    extensions: {
      code: error.code,
      ...(error.field ? { field: error.field } : {}),
      ...(error.details ? { details: error.details } : {}),
      ...(status ? { http: { status } } : {}),
    },
  });
}

export type Classified = { kind: 'public'; error: GraphQLError } | { kind: 'internal'; cause: unknown };

/**
 * Sorts a result's error: typed user errors pass with their code; GraphQL's own
 * (syntax, validation, limits, auth) pass as they are; anything else is internal.
 */
export function classify(error: GraphQLError): Classified {
  const original = error.originalError;
  if (original === undefined || original === null) return { kind: 'public', error };
  if (isCausewayError(original)) {
    return PUBLIC_CODES.has(original.code) ? { kind: 'public', error: fromCausewayError(original, error.path, error.nodes) } : { kind: 'internal', cause: original };
  }
  if (original instanceof GraphQLError) return classify(original);
  return { kind: 'internal', cause: original };
}

export function maskedInternalError(requestId: string, path?: ReadonlyArray<string | number>): GraphQLError {
  return new GraphQLError(`Internal error; the server logged it with request id ${requestId}.`, {
    path,
    extensions: { code: 'INTERNAL', requestId },
  });
}
