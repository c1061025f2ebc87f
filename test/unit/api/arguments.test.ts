import fc from 'fast-check';
import { isCausewayError } from '../../../src/errors';
import { decodeEntityCursor, entityCursor, entityPageRequest } from '../../../src/api/resolvers/arguments';
import { parseApiKeys } from '../../../src/api';
import { ApiKeyStore } from '../../../src/api/auth/apiKeys';
import { anonymousReadsAllowed } from '../../../src/api/ApiOptions';

describe('Relay cursors', () => {
  it('decode to the id they encode', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 64 }), (id) => expect(decodeEntityCursor(entityCursor(id))).toBe(id)));
  });

  it('reject anything the API did not issue with BAD_USER_INPUT on `after`', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        try {
          const id = decodeEntityCursor(text);
          expect(entityCursor(id!)).toBe(text);
        } catch (error) {
          expect(isCausewayError(error) && error.code === 'BAD_USER_INPUT' && error.field === 'after').toBe(true);
        }
      }),
    );
  });
});

describe('API keys', () => {
  it('parses name:role:key entries and finds keys by value', () => {
    const keys = parseApiKeys('ingest:writer:0123456789abcdef0123, ops:admin:with:colons:in:it:0123');
    expect(keys).toEqual([
      { name: 'ingest', role: 'writer', key: '0123456789abcdef0123' },
      { name: 'ops', role: 'admin', key: 'with:colons:in:it:0123' },
    ]);
    const store = new ApiKeyStore(keys);
    expect(store.find('0123456789abcdef0123')?.name).toBe('ingest');
    expect(store.find('0123456789abcdef012')).toBeUndefined();
  });

  it.each(['x:superuser:0123456789abcdef', 'x:reader:short', 'reader:0123456789abcdef0123456'])('rejects %s as CONFIG_ERROR', (text) => {
    expect(() => parseApiKeys(text)).toThrow(expect.objectContaining({ code: 'CONFIG_ERROR' }));
  });
});

describe('anonymous reads', () => {
  const config = (host: string, anonymousReads: 'auto' | 'true' | 'false') => ({ http: { host, port: 4000 }, anonymousReads, txTimeoutMs: 1 });
  it.each([
    ['127.0.0.1', 'auto', true],
    ['::1', 'auto', true],
    ['localhost', 'auto', true],
    ['0.0.0.0', 'auto', false],
    ['10.1.2.3', 'auto', false],
    ['0.0.0.0', 'true', true],
    ['127.0.0.1', 'false', false],
  ] as const)('host %s with %s: %s', (host, setting, allowed) => {
    expect(anonymousReadsAllowed(config(host, setting))).toBe(allowed);
  });
});

describe('connection arguments', () => {
  const context = { limits: { maxFirst: 100 } } as Parameters<typeof entityPageRequest>[1];
  const codeAndField = (run: () => unknown) => {
    try {
      run();
      return null;
    } catch (error) {
      return isCausewayError(error) ? [error.code, error.field] : ['untyped', String(error)];
    }
  };

  it('read forwards by default and backwards with last', () => {
    expect(entityPageRequest({}, context)).toEqual({ first: 20, after: null, before: null });
    const before = entityCursor('x9');
    expect(entityPageRequest({ last: 3, before }, context)).toEqual({ last: 3, after: null, before: 'x9' });
  });

  it('reject first with last, malformed cursors on either side, and last beyond the cap', () => {
    expect(codeAndField(() => entityPageRequest({ first: 2, last: 2 }, context))).toEqual(['BAD_USER_INPUT', 'last']);
    expect(codeAndField(() => entityPageRequest({ last: 2, before: 'nope' }, context))).toEqual(['BAD_USER_INPUT', 'before']);
    expect(codeAndField(() => entityPageRequest({ first: 2, after: 'nope' }, context))).toEqual(['BAD_USER_INPUT', 'after']);
    expect(codeAndField(() => entityPageRequest({ last: 101 }, context))).toEqual(['LIMIT_EXCEEDED', 'last']);
    expect(codeAndField(() => entityPageRequest({ last: 0 }, context))).toEqual(['BAD_USER_INPUT', 'last']);
  });
});
