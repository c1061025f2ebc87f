/** The HTTP/GraphQL face of Causeway: the only importer of graphql-yoga. */
export { createApi } from './createApi';
export type { CausewayApi } from './createApi';
export type { CreateApiOptions, ApiLimits } from './ApiOptions';
export { parseApiKeys } from './auth/apiKeys';
export type { ApiKey } from './auth/apiKeys';
export { ensureAdminKey } from './auth/adminKey';
export type { AdminKeyFile } from './auth/adminKey';
export { API_KEY_HEADER } from './plugins/useAuth';
export { DEFAULT_QUERY } from './graphiql';
