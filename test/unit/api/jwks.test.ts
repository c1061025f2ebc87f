import { createHmac, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RecordingGraphClient } from '../../helpers/RecordingGraphClient';
import { codesOf, gql, JWT_SECRET, testApi } from '../../helpers/apiHarness';

/**
 * JWT with JWKS: a local HTTP server (no internet) serves the public half of
 * an RS256 key pair; the API, configured with its URI, maps a valid token's
 * role claim to that role and refuses tokens it cannot trust.
 */
const KID = 'causeway-test-key';
const signer = generateKeyPairSync('rsa', { modulusLength: 2048 });
const impostor = generateKeyPairSync('rsa', { modulusLength: 2048 });
let jwks: Server;
let jwksUri: string;
let fetches = 0;

beforeAll(async () => {
  const key = { ...signer.publicKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' };
  jwks = createServer((request, response) => {
    fetches += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [key] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  jwksUri = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
});

afterAll(() => new Promise<void>((resolve) => jwks.close(() => resolve())));

function rs256(payload: object, key: KeyObject = signer.privateKey, kid: string | null = KID): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${encode({ alg: 'RS256', typ: 'JWT', ...(kid ? { kid } : {}) })}.${encode({ iat: now, exp: now + 600, ...payload })}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(key, 'base64url')}`;
}

/** Off loopback, so nothing is anonymous; only JWKS is configured (no HS256 secret). */
const api = () =>
  testApi(
    new RecordingGraphClient({
      'version/read-graph-version': () => [{ graphVersion: 3 }],
      'version/bump-graph-version': () => [{ graphVersion: 4 }],
      'relations/delete-relations': (params) => (params.ids as string[]).map((id) => ({ id })),
    }),
    { host: '0.0.0.0', config: { jwtSecret: undefined, jwksUri } as never },
  );
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const READ = '{ graphVersion }';
const ADMIN_WRITE = 'mutation { deleteRelation(id: "r1") { graphVersion } }';

it('maps a valid token to the role in its claim', async () => {
  const reader = bearer(rs256({ sub: 'ann', role: 'reader' }));
  const read = await gql(api(), READ, {}, reader);
  expect(read.body.errors).toBeUndefined();
  expect(read.body.data?.graphVersion).toBe(3);
  const refused = await gql(api(), ADMIN_WRITE, {}, reader);
  expect(codesOf(refused)).toEqual(['FORBIDDEN']);
  expect(refused.body.errors?.[0]?.message).toContain('this caller is reader');

  const admin = await gql(api(), ADMIN_WRITE, {}, bearer(rs256({ sub: 'bob', roles: ['reader', 'admin'] })));
  expect(admin.body.errors).toBeUndefined();
  expect(admin.body.data?.deleteRelation).toBeTruthy();
  // The key set was fetched, and is cached rather than fetched per request.
  expect(fetches).toBeGreaterThanOrEqual(1);
  expect(fetches).toBeLessThanOrEqual(3);
});

it.each([
  ['signed by another key under the same kid', () => rs256({ sub: 'eve', role: 'admin' }, impostor.privateKey)],
  ['signed by a key the JWKS does not have', () => rs256({ sub: 'eve', role: 'admin' }, impostor.privateKey, 'unknown-kid')],
  ['expired', () => rs256({ sub: 'ann', role: 'reader', iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 })],
  ['not yet valid', () => rs256({ sub: 'ann', role: 'reader', nbf: Math.floor(Date.now() / 1000) + 3600 })],
  ['tampered with', () => rs256({ sub: 'ann', role: 'reader' }).replace(/\.([^.]+)\./, (_, payload: string) => `.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' })).toString('base64url')}.`)],
  ['not a JWT', () => 'not-a-jwt'],
])('a token %s is UNAUTHENTICATED', async (_, token) => {
  const response = await gql(api(), READ, {}, bearer(token()));
  expect(codesOf(response)).toEqual(['UNAUTHENTICATED']);
  expect(response.status).toBe(401);
  expect(response.body.data ?? null).toBeNull();
});

it('with both an HS256 secret and a JWKS, each token goes to its own key and neither passes as the other', async () => {
  const both = testApi(new RecordingGraphClient({ 'version/read-graph-version': () => [{ graphVersion: 3 }] }), { host: '0.0.0.0', config: { jwksUri } as never });
  const hs256 = (payload: object, header: object = {}) => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const body = `${encode({ alg: 'HS256', typ: 'JWT', ...header })}.${encode({ iat: Math.floor(Date.now() / 1000), ...payload })}`;
    return `${body}.${createHmac('sha256', JWT_SECRET).update(body).digest('base64url')}`;
  };
  expect((await gql(both, READ, {}, bearer(rs256({ sub: 'ann', role: 'reader' })))).body.data?.graphVersion).toBe(3);
  expect((await gql(both, READ, {}, bearer(hs256({ sub: 'bob', role: 'reader' })))).body.data?.graphVersion).toBe(3);
  // An HS256 token naming the JWKS key id is checked against that public key, and refused.
  expect(codesOf(await gql(both, READ, {}, bearer(hs256({ sub: 'eve', role: 'reader' }, { kid: KID }))))).toEqual(['UNAUTHENTICATED']);
  // An RS256 token without a key id goes to the secret, and is refused.
  expect(codesOf(await gql(both, READ, {}, bearer(rs256({ sub: 'eve', role: 'reader' }, signer.privateKey, null))))).toEqual(['UNAUTHENTICATED']);
});
