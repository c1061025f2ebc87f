import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CypherCatalog } from '../../../src/graph';

const ROOT = join(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('named Cypher', () => {
  it('every query name the code runs has its file in cypher/, so start-up (which loads them all) cannot miss one', () => {
    const catalog = CypherCatalog.load(join(ROOT, 'cypher'));
    const used = new Set<string>();
    for (const file of sourceFiles(join(ROOT, 'src'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\b(?:run|readQuery|writeQuery)\(\s*'([a-z0-9-]+\/[a-z0-9-]+)'/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((name) => !catalog.names().includes(name));
    expect(missing).toEqual([]);
  });

  it('fails loading with the name of an unreadable or empty file, and names a query it does not have', () => {
    const dir = mkdtempSync(join(tmpdir(), 'causeway-cypher-'));
    mkdirSync(join(dir, 'things'));
    writeFileSync(join(dir, 'things', 'read-thing.cypher'), 'MATCH (n) RETURN n');
    const catalog = CypherCatalog.load(dir);
    expect(catalog.get('things/read-thing')).toBe('MATCH (n) RETURN n');
    expect(() => catalog.get('things/missing-thing')).toThrow(/cypher\/things\/missing-thing\.cypher/);

    writeFileSync(join(dir, 'things', 'empty-thing.cypher'), '  \n');
    expect(() => CypherCatalog.load(dir)).toThrow(/empty-thing\.cypher is empty/);
    writeFileSync(join(dir, 'things', 'empty-thing.cypher'), 'RETURN 1');

    if (process.getuid?.() !== 0) {
      chmodSync(join(dir, 'things', 'read-thing.cypher'), 0o000);
      expect(() => CypherCatalog.load(dir)).toThrow(/read-thing\.cypher/);
    }
    expect(() => CypherCatalog.load(join(dir, 'no-such-dir'))).toThrow(/no-such-dir/);
  });
});
