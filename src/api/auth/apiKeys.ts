import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import { CausewayError } from '../../errors';
import { isRole, type Role } from './Principal';

export interface ApiKey {
  /** Shown as `assertedBy: key:<name>`; the key itself is never stored in the graph or logged. */
  name: string;
  role: Role;
  key: string;
}

/**
 * CAUSEWAY_API_KEYS: comma-separated `name:role:key` entries, e.g.
 * `ingest:writer:6f1c…,ops:admin:9a7e…`. Keys need at least 16 characters.
 */
export function parseApiKeys(text: string | undefined): ApiKey[] {
  if (!text || text.trim() === '') return [];
  return text.split(',').map((entry, index) => {
    const [name, role, ...rest] = entry.trim().split(':');
    const key = rest.join(':');
    if (!name || !isRole(role) || key.length < 16) {
      throw new CausewayError(`CAUSEWAY_API_KEYS entry ${index + 1} must read name:role:key with role reader, writer or admin and a key of 16+ characters`, {
        code: 'CONFIG_ERROR',
      });
    }
    return { name, role, key };
  });
}

/**
 * Looks keys up by their SHA-256 digest: the map compares digests, never the
 * presented secret, so lookup time says nothing about how close a guess came.
 * One digest per request (this runs on every authenticated request).
 */
export class ApiKeyStore {
  private readonly byDigest = new Map<string, ApiKey>();

  constructor(keys: readonly ApiKey[]) {
    for (const key of keys) this.byDigest.set(digest(key.key), key);
  }

  find(presented: string): ApiKey | undefined {
    return this.byDigest.get(digest(presented));
  }

  get size(): number {
    return this.byDigest.size;
  }
}

/** Node's one-shot hash (20.12+) skips the Hash object; createHash elsewhere. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'base64') => string }).hash;

function digest(key: string): string {
  return oneShot ? oneShot('sha256', key, 'base64') : createHash('sha256').update(key).digest('base64');
}
