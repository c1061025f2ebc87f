import { useGenericAuth, type ValidateUserFnParams } from '@envelop/generic-auth';
import { createInlineSigningKeyProvider, createRemoteJwksSigningKeyProvider, extractFromHeader, useJWT, type JWTExtendContextFields } from '@graphql-yoga/plugin-jwt';
import type { Plugin } from 'graphql-yoga';
import { apiError } from '../errors';
import type { ApiKeyStore } from '../auth/apiKeys';
import { ANONYMOUS_READER, isRole, scopesOf, type Principal } from '../auth/Principal';

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

/**
 * Authentication: an `X-API-Key` header (keys from config) or a bearer JWT
 * (`@graphql-yoga/plugin-jwt`; the role comes from the `role` claim or the
 * first known one in `roles`). Authorization: `@envelop/generic-auth` in
 * protect-all mode — every field needs `reader` unless it or its type is
 * `@skipAuth`; `@requiresScopes` names a higher role. No credentials where a
 * role is needed: UNAUTHENTICATED; too small a role: FORBIDDEN.
 */
export function useAuth(options: AuthOptions): Plugin[] {
  const plugins: Plugin[] = [];
  const signingKeyProviders = [
    ...(options.jwtSecret ? [createInlineSigningKeyProvider(options.jwtSecret)] : []),
    ...(options.jwksUri ? [createRemoteJwksSigningKeyProvider({ jwksUri: options.jwksUri, cache: true, rateLimit: true })] : []),
  ];
  if (signingKeyProviders.length > 0) {
    plugins.push(
      useJWT({
        signingKeyProviders: signingKeyProviders as [typeof signingKeyProviders[0], ...typeof signingKeyProviders],
        tokenLookupLocations: [extractFromHeader({ name: 'authorization', prefix: 'Bearer' })],
        tokenVerification: { algorithms: options.jwksUri ? ['RS256', 'ES256'] : ['HS256'] },
        reject: { missingToken: false, invalidToken: true },
        extendContext: true,
      }) as Plugin,
    );
  }
  plugins.push(
    useGenericAuth<Principal, { request: Request; jwt?: JWTExtendContextFields }>({
      mode: 'protect-all',
      resolveUserFn: (context) => resolvePrincipal(context, options),
      extractScopes: (user) => (user ? scopesOf(user.role) : []),
      validateUser: validate,
    }) as Plugin,
  );
  return plugins;
}

function resolvePrincipal(context: { request: Request; jwt?: JWTExtendContextFields }, options: AuthOptions): Principal | null {
  const presented = context.request.headers.get(API_KEY_HEADER);
  if (presented !== null) {
    const key = options.keys.find(presented.trim());
    if (!key) throw apiError('UNAUTHENTICATED', 'the API key is not valid');
    return { subject: `key:${key.name}`, role: key.role, via: 'apiKey' };
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

function validate(params: ValidateUserFnParams<Principal>) {
  if (params.fieldDirectives?.skipAuth || params.typeDirectives?.skipAuth) return undefined;
  const required = params.fieldScopes ?? params.typeScopes ?? [['reader']];
  const where = `${params.parentType.name}.${params.field.name}`;
  if (!params.user) return apiError('UNAUTHENTICATED', `${where} needs credentials (an X-API-Key header or a bearer token)`);
  const granted = required.some((scopes) => scopes.every((scope) => params.userScopes.includes(scope)));
  if (granted) return undefined;
  const needed = required.map((scopes) => scopes.join('+')).join(' or ');
  if (params.user.via === 'anonymous') return apiError('UNAUTHENTICATED', `${where} needs the ${needed} role; send credentials`);
  return apiError('FORBIDDEN', `${where} needs the ${needed} role; this caller is ${params.user.role}`);
}
