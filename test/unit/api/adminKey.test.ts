import { mkdtempSync, statSync, chmodSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureAdminKey } from '../../../src/api';

describe('ensureAdminKey', () => {
  it('generates a key readable only by its owner, then reads the same key back', () => {
    const home = join(mkdtempSync(join(tmpdir(), 'causeway-key-')), 'nested');
    const first = ensureAdminKey(home);
    expect(first.created).toBe(true);
    expect(first.key).toMatchObject({ name: 'admin', role: 'admin' });
    expect(first.key.key.length).toBeGreaterThanOrEqual(32);
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.path, 'utf8').trim()).toBe(first.key.key);

    chmodSync(first.path, 0o644);
    const again = ensureAdminKey(home);
    expect(again).toMatchObject({ created: false, path: first.path, key: first.key });
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
  });
});
