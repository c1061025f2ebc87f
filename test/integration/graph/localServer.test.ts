import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive, startLocalNeo4j } from '../../../src/graph';
import { freePort } from '../globalSetup';
import { connect, startFreshNeo4j } from '../../helpers/freshNeo4j';

const waitUntil = async (condition: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  return condition();
};

describe('the local Neo4j launcher', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'causeway-server-')), 'neo4j');

  it('starts, keeps data across a clean restart, refuses a locked data directory, and stops without orphans', async () => {
    const first = await startFreshNeo4j(dataDir);
    expect(first.uri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
    expect(first.version).toMatch(/^5\.26\./);
    const graph = await connect(first);
    await graph.client.runAutoCommit("CREATE (:Survivor {name: 'kept'})");
    await graph.close();

    await expect(startFreshNeo4j(dataDir)).rejects.toMatchObject({
      code: 'ENVIRONMENT_ERROR',
      message: expect.stringMatching(/locked by another process/),
    });

    await first.stop();
    expect(isProcessAlive(first.pid)).toBe(false);

    const second = await startFreshNeo4j(dataDir);
    const again = await connect(second);
    const rows = await again.client.runAutoCommit('MATCH (s:Survivor) RETURN s.name AS name');
    expect(rows).toEqual([{ name: 'kept' }]);
    await again.close();
    await second.stop();
    expect(isProcessAlive(second.pid)).toBe(false);
  });

  it('reports a port that is already taken', async () => {
    const blocker: Server = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      await expect(
        startLocalNeo4j({ port, dataDir: join(mkdtempSync(join(tmpdir(), 'causeway-port-')), 'neo4j'), pageCacheBytes: 8 << 20, heapBytes: 256 << 20 }),
      ).rejects.toMatchObject({ code: 'ENVIRONMENT_ERROR', message: expect.stringContaining(`port ${port}`) });
    } finally {
      blocker.close();
    }
  });

  it('shuts the JVM down when the process that started it dies', async () => {
    const script = `
      const { startLocalNeo4j } = require('./src/graph');
      startLocalNeo4j({ port: ${await freePort()}, dataDir: ${JSON.stringify(join(mkdtempSync(join(tmpdir(), 'causeway-orphan-')), 'neo4j'))}, pageCacheBytes: 8 << 20, heapBytes: 256 << 20 })
        .then((s) => { console.log(JSON.stringify({ pid: s.pid })); setInterval(() => {}, 1000); });`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: join(__dirname, '..', '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] });
    const jvmPid = await new Promise<number>((resolve, reject) => {
      parent.stdout.on('data', (chunk: Buffer) => resolve((JSON.parse(chunk.toString()) as { pid: number }).pid));
      parent.once('exit', (code) => reject(new Error(`launcher script exited ${code}`)));
    });
    expect(isProcessAlive(jvmPid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await waitUntil(() => !isProcessAlive(jvmPid), 30_000)).toBe(true);
  });
});
