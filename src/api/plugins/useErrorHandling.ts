import type { ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { apiError, classify, maskedInternalError } from '../errors';
import { requestState } from './RequestState';

/** plugin-jwt's rejections of a malformed Authorization header or token (HTTP 400, no code). */
const BAD_TOKEN_MESSAGES = /^(Invalid authentication token provided|Authentication header was set, but token is missing|Invalid JWT authentication token prefix)/;

/** graphql-armor's rejections, recognised by message (it sets no code). */
const LIMIT_MESSAGES = /(depth limit|Cost limit|Aliases limit|Directives limit|Token limit|Query Cost)/i;

/**
 * The last word on every response's errors: typed errors keep their code,
 * internal ones are logged with the request id and replaced by a masked
 * INTERNAL error; the graph version(s) read go into `extensions`.
 */
export function useErrorHandling(): Plugin {
  return {
    onResultProcess({ request, result, setResult }) {
      if (!isPlain(result)) return;
      const state = requestState(request);
      const versions = state?.versions.extensions() ?? null;
      const results = Array.isArray(result) ? result : [result as ExecutionResult];
      // Most responses have no errors and read no graph: nothing to rewrite.
      if (versions === null && !results.some((one) => one.errors?.length)) return;
      const requestId = state?.requestId ?? 'unknown';
      const fix = (one: ExecutionResult): ExecutionResult => {
        const errors = one.errors?.map((error) => normalise(error, requestId, state?.logger));
        return {
          ...one,
          ...(errors ? { errors } : {}),
          ...(versions ? { extensions: { ...one.extensions, ...versions } } : {}),
        };
      };
      setResult(Array.isArray(result) ? result.map(fix) : fix(result as ExecutionResult));
    },
  };
}

function normalise(error: GraphQLError, requestId: string, logger?: { error: (obj: object, msg: string) => void }): GraphQLError {
  const classified = classify(error);
  if (classified.kind === 'internal') {
    logger?.error({ err: classified.cause, path: error.path }, 'internal error');
    return maskedInternalError(requestId, error.path);
  }
  const out = classified.error;
  if (out.extensions?.code) return out;
  const status = (out.extensions?.http as { status?: number } | undefined)?.status;
  if (status === 401 || (status === 400 && BAD_TOKEN_MESSAGES.test(out.message))) return apiError('UNAUTHENTICATED', out.message);
  if (LIMIT_MESSAGES.test(out.message)) return apiError('LIMIT_EXCEEDED', out.message.replace(/^Syntax Error: /, ''));
  return out;
}

function isPlain(result: unknown): result is ExecutionResult | ExecutionResult[] {
  return result !== null && typeof result === 'object' && !(Symbol.asyncIterator in (result as object));
}
