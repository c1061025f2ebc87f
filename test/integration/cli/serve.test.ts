import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../globalSetup';
import { REPO_ROOT } from '../../helpers/runCli';

/** What `npm start` runs, end to end on the embedded default: Neo4j, migrations, API. */
describe('causeway serve', () => {
  it('starts Neo4j, migrates, loads the demo graph, answers over HTTP, and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CAUSEWAY_HOME: mkdtempSync(join(tmpdir(), 'causeway-serve-')),
      CAUSEWAY_NEO4J_PORT: String(await freePort()),
      CAUSEWAY_NEO4J_HEAP: '384m',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    };
    delete env.NEO4J_URI;
    const serve = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'causeway.js'), 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    serve.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => serve.once('exit', resolve));

    const deadline = Date.now() + 110_000;
    let ready = false;
    while (!ready && Date.now() < deadline) {
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (!ready) await new Promise((r) => setTimeout(r, 500));
    }
    expect(ready).toBe(true);

    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ health { status neo4jVersion neo4jEdition migrationVersion } }' }),
    });
    const body = (await response.json()) as { data: { health: Record<string, string> } };
    expect(body.data.health).toMatchObject({ status: 'ok', neo4jEdition: 'community' });
    expect(body.data.health.neo4jVersion).toMatch(/^5\.26\./);
    expect(body.data.health.migrationVersion).toMatch(/^\d{3}$/);

    // The empty database got the demo graph, and anonymous reads work on loopback.
    const demo = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ entities(first: 5) { totalCount edges { node { id } } } }' }),
    });
    const entities = ((await demo.json()) as { data: { entities: { totalCount: number; edges: unknown[] } } }).data.entities;
    expect(entities.totalCount).toBeGreaterThanOrEqual(20);
    expect(entities.edges).toHaveLength(5);

    serve.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toBe(''); // logs go to stderr
  });
});
