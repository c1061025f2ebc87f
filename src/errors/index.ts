export { CausewayError, isCausewayError } from './CausewayError';
export type { ErrorCode, CausewayErrorOptions } from './CausewayError';
export { badUserInput, notFound, limitExceeded, invalidModel, invalidQuery, environmentError } from './factories';
export { invariant } from './invariant';
