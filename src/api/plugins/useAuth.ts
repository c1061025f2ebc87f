import { createInlineSigningKeyProvider, createRemoteJwksSigningKeyProvider, extractFromHeader, useJWT, type JWTExtendContextFields } from '@graphql-yoga/plugin-jwt';
import { generateKeyPairSync } from 'node:crypto';
import type { DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { apiError } from '../errors';
import type { ApiKeyStore } from '../auth/apiKeys';
import { operationRequirement, type OperationRequirement } from '../auth/operationRequirements';
import { ANONYMOUS_READER, isRole, ROLES, scopesOf, type Principal } from '../auth/Principal';

export interface AuthOptions {
  keys: ApiKeyStore;
  /** HS256 shared secret for JWTs. */
  jwtSecret?: string;
  /** JWKS endpoint for RS256/ES256 JWTs. */
  jwksUri?: string;
  /** Callers with no credentials read as `anonymous` (the loopback embedded default). */
  anonymousReads: boolean;
}

export const API_KEY_HEADER = 'x-api-key';

type AuthContext = { request: Request; jwt?: JWTExtendContextFields; currentUser?: Principal | null };

/**
 * Authentication: an `X-API-Key` header (keys from config) or a bearer JWT
 * (`@graphql-yoga/plugin-jwt`; the role comes from the `role` claim or the
 * highest known one in `roles`).
 *
 * Authorization, before execution: the operation's required roles come from
 * the SDL directives (`@skipAuth`, `@requiresScopes`; see
 * auth/operationRequirements.ts) and are computed once per parsed document,
 * then checked against the caller in O(1). This replaces
 * `@envelop/generic-auth`, which walks the whole document with a TypeInfo
 * visitor on every request: on the trivial query that walk alone cost the
 * stack about a fifth of bare yoga's throughput (bench/api.bench.ts).
 * No credentials where a role is needed: UNAUTHENTICATED; too small a role: FORBIDDEN.
 */
export function useAuth(options: AuthOptions): Plugin[] {
  const plugins: Plugin[] = [];
  if (options.jwtSecret || options.jwksUri) {
    plugins.push(
      useJWT({
        signingKeyProviders: [signingKeyProvider(options)],
        tokenLookupLocations: [extractFromHeader({ name: 'authorization', prefix: 'Bearer' })],
        tokenVerification: { algorithms: [...(options.jwtSecret ? (['HS256'] as const) : []), ...(options.jwksUri ? (['RS256', 'ES256'] as const) : [])] },
        reject: { missingToken: false, invalidToken: true },
        extendContext: true,
      }) as Plugin,
    );
  }

  const requirements = new WeakMap<DocumentNode, Map<string, OperationRequirement>>();
  /** Throws UNAUTHENTICATED / FORBIDDEN unless the caller's role covers the operation's fields. */
  const authorize = (args: { contextValue: unknown; document: DocumentNode; operationName?: string | null; schema: Parameters<typeof operationRequirement>[0] }) => {
    const context = args.contextValue as AuthContext;
    const principal = resolvePrincipal(context, options);
    context.currentUser = principal;
    let byOperation = requirements.get(args.document);
    if (!byOperation) {
      byOperation = new Map();
      requirements.set(args.document, byOperation);
    }
    const key = args.operationName ?? '';
    let requirement = byOperation.get(key);
    if (!requirement) {
      requirement = operationRequirement(args.schema, args.document, args.operationName);
      byOperation.set(key, requirement);
    }
    check(requirement, principal);
  };
  plugins.push({
    onExecute({ args, setResultAndStopExecution }) {
      try {
        authorize(args);
      } catch (error) {
        setResultAndStopExecution({ data: null, errors: [error as never] });
      }
    },
    // Subscriptions do not pass through onExecute: they get the same check.
    onSubscribe({ args, setResultAndStopExecution }) {
      try {
        authorize(args);
      } catch (error) {
        setResultAndStopExecution({ data: null, errors: [error as never] });
      }
    },
  });
  return plugins;
}

type SigningKeyProvider = ReturnType<typeof createInlineSigningKeyProvider>;

/**
 * One provider for both kinds of token: a token naming a key id (`kid`) is
 * checked against the JWKS, one without against the HS256 secret (with only
 * one of them configured, every token goes there). jsonwebtoken refuses an
 * HS256 token verified with a JWKS public key, and an RS256/ES256 one with
 * the secret, so neither can pass as the other. (plugin-jwt would take the
 * first provider that answers, so the secret would shadow the JWKS.)
 *
 * A key id the JWKS does not have is the caller's problem, not the server's:
 * plugin-jwt would report a missing key as an internal error, so such tokens
 * are checked against a key nobody holds, which fails as UNAUTHENTICATED.
 * A JWKS endpoint that cannot be reached stays an internal error (logged).
 */
function signingKeyProvider(options: AuthOptions): SigningKeyProvider {
  const secret = options.jwtSecret ? createInlineSigningKeyProvider(options.jwtSecret) : undefined;
  const jwks = options.jwksUri ? createRemoteJwksSigningKeyProvider({ jwksUri: options.jwksUri, cache: true, rateLimit: true }) : undefined;
  let unheld: string | undefined;
  const nobodysKey = () => (unheld ??= generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString());
  return (kid) => {
    if (!jwks || (kid === undefined && secret)) return secret!(kid);
    return Promise.resolve(jwks(kid)).catch((error: unknown) => {
      if (error instanceof Error && (error.name === 'SigningKeyNotFoundError' || error.name === 'JwksRateLimitError')) return nobodysKey();
      throw error;
    });
  };
}

/** One frozen principal per API key, not one per request. */
const keyPrincipals = new WeakMap<object, Principal>();

function resolvePrincipal(context: AuthContext, options: AuthOptions): Principal | null {
  const presented = context.request.headers.get(API_KEY_HEADER);
  if (presented !== null) {
    const key = options.keys.find(presented.trim());
    if (!key) throw apiError('UNAUTHENTICATED', 'the API key is not valid');
    let principal = keyPrincipals.get(key);
    if (!principal) {
      principal = Object.freeze({ subject: `key:${key.name}`, role: key.role, via: 'apiKey' as const });
      keyPrincipals.set(key, principal);
    }
    return principal;
  }
  if (context.jwt) {
    const payload = context.jwt.payload;
    const claimed = [payload.role, ...(Array.isArray(payload.roles) ? payload.roles : [])].filter(isRole);
    if (claimed.length === 0) throw apiError('FORBIDDEN', 'the token carries no role (claim "role" or "roles": reader, writer or admin)');
    const role = claimed.sort((a, b) => scopesOf(b).length - scopesOf(a).length)[0]!;
    return { subject: `jwt:${payload.sub ?? 'unknown'}`, role, via: 'jwt' };
  }
  return options.anonymousReads ? ANONYMOUS_READER : null;
}

/** The highest role the operation needs decides; the error names the first field needing it. */
function check(requirement: OperationRequirement, principal: Principal | null): void {
  for (let rank = ROLES.length - 1; rank >= 0; rank -= 1) {
    const role = ROLES[rank]!;
    const field = requirement.fieldNeeding[role];
    if (!field) continue;
    if (!principal) throw apiError('UNAUTHENTICATED', `${field} needs credentials (an X-API-Key header or a bearer token)`);
    if (ROLES.indexOf(principal.role) >= rank) return;
    if (principal.via === 'anonymous') throw apiError('UNAUTHENTICATED', `${field} needs the ${role} role; send credentials`);
    throw apiError('FORBIDDEN', `${field} needs the ${role} role; this caller is ${principal.role}`);
  }
}
