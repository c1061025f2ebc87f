import pino from 'pino';
import { createApi, type CausewayApi, type CreateApiOptions } from '../../src/api';
import type { GraphClient } from '../../src/graph';

export const WRITER_KEY = 'writer-key-0123456789abcdef';
export const READER_KEY = 'reader-key-0123456789abcdef';
export const ADMIN_KEY = 'admin-key-0123456789abcdefgh';
export const JWT_SECRET = 'test-secret-for-hs256-tokens-0123456789';

/** An API over `graph` with one key per role and a JWT secret; loopback unless told otherwise. */
export function testApi(graph: GraphClient, overrides: Partial<CreateApiOptions> & { host?: string; anonymousReads?: 'auto' | 'true' | 'false' } = {}): CausewayApi {
  return createApi({
    graph,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    migrationVersion: async () => '003',
    ...overrides,
    config: {
      http: { host: overrides.host ?? '127.0.0.1', port: 4000 },
      apiKeys: `reader:reader:${READER_KEY},writer:writer:${WRITER_KEY},admin:admin:${ADMIN_KEY}`,
      jwtSecret: JWT_SECRET,
      anonymousReads: overrides.anonymousReads ?? 'auto',
      txTimeoutMs: 30_000,
      ...overrides.config,
    },
  });
}

export interface GraphQLResponse {
  status: number;
  headers: Headers;
  body: { data?: Record<string, any> | null; errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[]; extensions?: Record<string, any> };
}

/** POSTs one operation through yoga.fetch (no listener). */
export async function gql(
  api: CausewayApi,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse> {
  const response = await api.fetch('http://127.0.0.1/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

export const codesOf = (response: GraphQLResponse): string[] => (response.body.errors ?? []).map((e) => String(e.extensions?.code));
