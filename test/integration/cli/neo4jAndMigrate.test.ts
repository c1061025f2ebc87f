import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive, readMigrations } from '../../../src/graph';
import { freePort } from '../globalSetup';
import { REPO_ROOT, runCli } from '../../helpers/runCli';

describe('causeway neo4j start|status|stop and causeway migrate', () => {
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    // The embedded default: no NEO4J_URI, a home of the test's own.
    env = {
      NEO4J_URI: '',
      CAUSEWAY_HOME: mkdtempSync(join(tmpdir(), 'causeway-cli-')),
      CAUSEWAY_NEO4J_PORT: String(await freePort()),
      CAUSEWAY_NEO4J_HEAP: '384m',
      CAUSEWAY_NEO4J_PAGE_CACHE: '32m',
    };
    delete env.NEO4J_URI;
  });
  const cli = (args: string[]) => runCli(args, { env: { ...env, NEO4J_URI: undefined } });

  afterAll(async () => {
    await cli(['neo4j', 'stop']);
  });

  it('runs the whole lifecycle with JSON alone on stdout', async () => {
    const start = await cli(['neo4j', 'start']);
    expect(start.code).toBe(0);
    const started = JSON.parse(start.stdout) as { uri: string; pid: number; version: string };
    expect(started.version).toMatch(/^5\.26\./);
    expect(isProcessAlive(started.pid)).toBe(true);

    const status = await cli(['neo4j', 'status']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ running: true, pid: started.pid });

    const first = await cli(['migrate']);
    expect(first.code).toBe(0);
    const versions = readMigrations(join(REPO_ROOT, 'migrations')).map((m) => m.version);
    expect(JSON.parse(first.stdout)).toEqual({ applied: versions, version: versions.at(-1) });

    const second = await cli(['migrate']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ applied: [], version: versions.at(-1) });
    expect(second.stderr).toMatch(/nothing to apply/);

    const edited = mkdtempSync(join(tmpdir(), 'causeway-edited-'));
    cpSync(join(REPO_ROOT, 'migrations'), edited, { recursive: true });
    const file = join(edited, 'V002__SearchIndexes.cypher');
    writeFileSync(file, readFileSync(file, 'utf8').replace('cosine', 'euclidean'));
    const tampered = await cli(['migrate', '--dir', edited]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toBe('');
    expect(tampered.stderr).toMatch(/MIGRATION_ERROR.*V002__SearchIndexes\.cypher/);

    const stop = await cli(['neo4j', 'stop']);
    expect(stop.code).toBe(0);
    expect(isProcessAlive(started.pid)).toBe(false);
    const after = await cli(['neo4j', 'status']);
    expect(after.code).toBe(1);
    expect(JSON.parse(after.stdout)).toEqual({ running: false });
  });

  it('exits 2 on usage errors and 1 when an external Neo4j is unreachable', async () => {
    const usage = await cli(['neo4j', 'bogus']);
    expect(usage.code).toBe(2);
    const unreachable = await runCli(['migrate'], { env: { ...env, NEO4J_URI: `bolt://127.0.0.1:${await freePort()}` } });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/DATABASE_UNAVAILABLE: Neo4j is unreachable at bolt:\/\/127\.0\.0\.1/);
  });
});
