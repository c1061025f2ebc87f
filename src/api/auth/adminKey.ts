import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CausewayError } from '../../errors';
import type { ApiKey } from './apiKeys';

export interface AdminKeyFile {
  key: ApiKey;
  path: string;
  /** True when this call generated the key (tell the user where it is). */
  created: boolean;
}

/**
 * The embedded default's admin key: generated on first start into
 * <home>/admin-key with mode 0600, read back on later starts.
 */
export function ensureAdminKey(home: string): AdminKeyFile {
  const path = join(home, 'admin-key');
  if (existsSync(path)) {
    const mode = statSync(path).mode & 0o777;
    if (mode & 0o077) chmodSync(path, 0o600);
    const key = readFileSync(path, 'utf8').trim();
    if (key.length < 16) throw new CausewayError(`${path} does not hold a valid key; delete it to generate a new one`, { code: 'CONFIG_ERROR' });
    return { key: { name: 'admin', role: 'admin', key }, path, created: false };
  }
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32).toString('base64url');
  writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return { key: { name: 'admin', role: 'admin', key }, path, created: true };
}
