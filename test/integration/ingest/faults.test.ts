import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrate, startLocalNeo4j, type LocalServer, type OpenGraph } from '../../../src/graph';
import { formatOf, importSources, JobStore, newOwnerId, parseJobDefinition, runJob, type JobDefinition } from '../../../src/ingest';
import { createKnowledgeGraph } from '../../../src/services/kg';
import { connect, startFreshNeo4j } from '../../helpers/freshNeo4j';
import { clearData } from '../../helpers/testGraph';
import { graphVersion, materialise, snapshot, uniqueTag } from './ingestFixtures';

/**
 * Crash tests on a Neo4j of their own (they clear it and stop it):
 * an uninterrupted run gives the reference graph; a run whose process is
 * SIGKILLed midway and then restarted, and a run during which Neo4j stops
 * and comes back, must both end with exactly the same facts.
 */
const REPO = join(__dirname, '..', '..', '..');
const DOCS = 10;
jest.setTimeout(240_000);

let server: LocalServer;
let graph: OpenGraph;
const tag = uniqueTag();
let dir: string;
let job: JobDefinition;
let jobsFile: string;

beforeAll(async () => {
  server = await startFreshNeo4j();
  graph = await connect(server);
  await migrate(graph.client, join(REPO, 'migrations'));
  dir = materialise(tag);
  rmSync(join(dir, 'bad.jsonl'));
  // Enough documents that a run takes a while, overlapping in what they claim (shared evidence).
  mkdirSync(join(dir, 'gen'));
  const pairs = ['smoking causes lung cancer', 'stress triggers insomnia', 'insomnia leads to fatigue', 'exercise reduces fatigue', 'pollution causes asthma'];
  for (let i = 0; i < DOCS; i++) {
    const text = [0, 1, 2].map((k) => pairs[(i + k) % pairs.length]!.split(' ').map((w, j) => (j === 1 || (j === 2 && w === 'to') ? w : `${tag} ${w}`)).join(' '));
    writeFileSync(join(dir, 'gen', `doc${String(i).padStart(2, '0')}.txt`), `${text.map((t) => `${t[0]!.toUpperCase()}${t.slice(1)}.`).join(' ')} Item ${tag} note${i} results in ${tag} outcome${i}.\n`);
  }
  job = parseJobDefinition({
    name: `fault-${tag}`,
    schedule: '0 0 1 1 *',
    source: { kind: 'glob', pattern: join(dir, '{*.jsonl,*.csv,notes/*,gen/*.txt}') },
    options: { leaseTtlMs: 2000, maxRetries: 6, retryBaseMs: 200, retryMaxMs: 2000, batchSize: 50 },
  });
  jobsFile = join(dir, 'jobs.json');
  writeFileSync(jobsFile, JSON.stringify({ jobs: [job] }));
});

afterAll(async () => {
  await graph?.close();
  await server?.stop();
});

const kg = () => createKnowledgeGraph(graph.client);
const store = () => new JobStore(graph.client, [job]);
async function runToEnd() {
  const outcome = await runJob(kg(), store(), job, { owner: newOwnerId() });
  if (outcome.status !== 'ran') throw new Error(outcome.reason);
  return outcome.run;
}
async function currentRun() {
  return (await store().runs(job.name, 1))[0] ?? null;
}

let reference: Awaited<ReturnType<typeof snapshot>>;
/**
 * The reference run resolves text mentions by normalised name (no resolver is
 * passed to runJob); the CLI would otherwise use the grounding resolver and
 * build a different, not a wrong, graph. What is under test here is exactly-once writes.
 */
const NAME_RESOLUTION = ['--resolve-mentions', 'name'];

describe('ingestion under faults', () => {
  it('an uninterrupted run gives the reference graph; running it again changes neither graph nor version', async () => {
    const run = await runToEnd();
    expect(run.status).toBe('succeeded');
    expect(run.itemsTotal).toBe(DOCS + 6);
    reference = await snapshot(graph.client, tag);
    expect(reference.relations.length).toBeGreaterThan(DOCS);
    expect(reference.duplicates).toEqual([]);

    const version = await graphVersion(graph.client);
    const again = await runToEnd();
    expect(again.counts).toMatchObject({ items: DOCS + 6, skipped: DOCS + 6 });
    // And the same files through the importer directly (no SHA shortcut): still nothing written.
    const files = ['facts.jsonl', 'entities.csv', 'relations.csv', 'notes/a.txt', 'gen/doc07.txt'].map((f) => join(dir, f));
    const summary = await importSources(kg(), files.map((f) => ({ name: f, content: readFileSync(f, 'utf8'), format: formatOf(f) })), { assertedBy: 'test' });
    expect(summary.errors).toEqual([]);
    expect(await graphVersion(graph.client)).toBe(version);
    expect(await snapshot(graph.client, tag)).toEqual(reference);
  });

  it('SIGKILL in the middle of a run, then a restart: the same facts, none duplicated, none lost', async () => {
    await clearData(graph);
    const first = cli(['jobs', 'run', job.name, ...NAME_RESOLUTION]);
    const killedAt = await waitFor(async () => {
      const run = await currentRun();
      return run && run.itemsDone >= 5 ? run : null;
    });
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('close', resolve));
    const afterKill = await currentRun();
    expect(afterKill!.status).toBe('running');
    expect(afterKill!.itemsDone).toBeLessThan(afterKill!.itemsTotal);

    const second = cli(['jobs', 'run', job.name, ...NAME_RESOLUTION]);
    const [code, stdout] = await finished(second);
    expect(code).toBe(0);
    const resumed = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(resumed).toMatchObject({ id: killedAt.id, status: 'succeeded', resumes: 1, itemsDone: DOCS + 6 });
    expect(await snapshot(graph.client, tag)).toEqual(reference);
  });

  it('Neo4j stopped mid-run and restarted: the run retries or resumes to the same facts', async () => {
    await clearData(graph);
    const running = runJob(kg(), store(), job, { owner: newOwnerId() }).then(
      (outcome) => ({ outcome, error: null }),
      (error: Error) => ({ outcome: null, error }),
    );
    await waitFor(async () => ((await currentRun())?.itemsDone ?? 0) >= 5);
    const port = Number(new URL(server.uri).port);
    await server.stop();
    server = await startLocalNeo4j({ port, dataDir: server.dataDir, pageCacheBytes: 32 * 1024 ** 2, heapBytes: 384 * 1024 ** 2 });
    const result = await running;
    // Either the retries outlasted the outage, or the run gave up and stays resumable.
    if (result.error || result.outcome?.status !== 'ran' || result.outcome.run.status !== 'succeeded') {
      const resumed = await runToEnd();
      expect(resumed.status).toBe('succeeded');
    }
    const run = (await currentRun())!;
    expect(run.status).toBe('succeeded');
    expect(await snapshot(graph.client, tag)).toEqual(reference);
  });
});

function cli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'cliEntry.ts'), ...args], {
    cwd: REPO,
    env: { ...process.env, NEO4J_URI: server.uri, CAUSEWAY_JOBS_FILE: jobsFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function finished(child: ChildProcess): Promise<[number | null, string, string]> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve([code, stdout, stderr])));
}

async function waitFor<T>(probe: () => Promise<T | null | false>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
