import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, migrationVersion, readMigrations, type LocalServer, type OpenGraph } from '../../../src/graph';
import { connect, startFreshNeo4j } from '../../helpers/freshNeo4j';

const REPO_MIGRATIONS = join(__dirname, '..', '..', '..', 'migrations');
const REPO_VERSIONS = readMigrations(REPO_MIGRATIONS).map((m) => m.version);
const LATEST = REPO_VERSIONS.at(-1);

let server: LocalServer;
let graph: OpenGraph;
beforeAll(async () => {
  server = await startFreshNeo4j();
  graph = await connect(server);
});
afterAll(async () => {
  await graph?.close();
  await server?.stop();
});

const copyOfRepoMigrations = () => {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-migrations-'));
  cpSync(REPO_MIGRATIONS, dir, { recursive: true });
  return dir;
};
const historyCount = async () =>
  (await graph.client.readQuery('migrations/read-history')).length;
const wipeHistory = () => graph.client.runAutoCommit('MATCH (m:__Neo4jMigration) DETACH DELETE m');

describe('migrations', () => {
  it('applies the repository migrations on a fresh database, then nothing on the second run', async () => {
    const first = await migrate(graph.client, REPO_MIGRATIONS);
    expect(REPO_VERSIONS.slice(0, 2)).toEqual(['001', '002']);
    expect(first.applied).toEqual(REPO_VERSIONS);
    const constraints = await graph.client.runAutoCommit('SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names');
    expect(constraints[0].names).toEqual(expect.arrayContaining(['entity_id', 'document_id']));
    const indexes = await graph.client.runAutoCommit("SHOW INDEXES YIELD name, type RETURN collect(name + ':' + type) AS names");
    expect(indexes[0].names).toEqual(expect.arrayContaining(['entity_names:FULLTEXT', 'entity_embedding:VECTOR']));

    const second = await migrate(graph.client, REPO_MIGRATIONS);
    expect(second.applied).toEqual([]);
    expect(second.currentVersion).toBe(LATEST);
    expect(await migrationVersion(graph.client)).toBe(LATEST);
    expect(await historyCount()).toBe(REPO_VERSIONS.length);
  });

  it('refuses an applied migration whose file was edited, naming the file', async () => {
    const dir = copyOfRepoMigrations();
    const file = join(dir, 'V001__Constraints.cypher');
    writeFileSync(file, readFileSync(file, 'utf8') + '\n// edited after it was applied\n');
    await expect(migrate(graph.client, dir)).rejects.toMatchObject({
      code: 'MIGRATION_ERROR',
      message: expect.stringContaining('V001__Constraints.cypher'),
    });
  });

  it('applies each migration once when two runs race', async () => {
    await wipeHistory();
    const other = await connect(server);
    try {
      const [a, b] = await Promise.all([migrate(graph.client, REPO_MIGRATIONS), migrate(other.client, REPO_MIGRATIONS)]);
      expect([...a.applied, ...b.applied].sort()).toEqual(REPO_VERSIONS);
      expect(await historyCount()).toBe(REPO_VERSIONS.length);
    } finally {
      await other.close();
    }
  });

  it('records nothing for a migration that fails half-way, and applies it when re-run', async () => {
    await wipeHistory();
    const dir = copyOfRepoMigrations();
    const third = join(dir, 'V900__Half_way.cypher');
    writeFileSync(third, 'CREATE INDEX half_way_a IF NOT EXISTS FOR (n:HalfWay) ON (n.a);\nTHIS IS NOT CYPHER;\n');
    await expect(migrate(graph.client, dir)).rejects.toMatchObject({
      code: 'MIGRATION_ERROR',
      message: expect.stringMatching(/V900__Half_way\.cypher failed at statement 2/),
    });
    expect((await graph.client.readQuery('migrations/read-history')).map((r) => r.version)).toEqual(REPO_VERSIONS);

    writeFileSync(third, 'CREATE INDEX half_way_a IF NOT EXISTS FOR (n:HalfWay) ON (n.a);\nCREATE INDEX half_way_b IF NOT EXISTS FOR (n:HalfWay) ON (n.b);\n');
    const rerun = await migrate(graph.client, dir);
    expect(rerun.applied).toEqual(['900']);
    const lock = await graph.client.runAutoCommit('MATCH (l:__Neo4jMigrationsLock) RETURN count(l) AS n');
    expect(lock[0].n).toBe(0);
  });
});
