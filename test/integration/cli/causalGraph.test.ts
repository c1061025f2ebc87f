import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, type LocalServer } from '../../../src/graph';
import { connect, startFreshNeo4j } from '../../helpers/freshNeo4j';
import { REPO_ROOT, runCli } from '../../helpers/runCli';

const ASIA = join(REPO_ROOT, '..', 'shared', 'datasets', 'bn', 'asia.bif');

/** `causal import --bif` then `causal query|effect --graph` answer as the model file does. */
describe('causeway causal over the graph', () => {
  let server: LocalServer;
  let env: NodeJS.ProcessEnv;
  const dir = mkdtempSync(join(tmpdir(), 'causeway-causal-cli-'));

  beforeAll(async () => {
    server = await startFreshNeo4j();
    const graph = await connect(server);
    await migrate(graph.client, join(REPO_ROOT, 'migrations'));
    await graph.close();
    env = { NEO4J_URI: server.uri };
  });
  afterAll(() => server?.stop());

  it('imports a BIF network and answers queries and effects from the graph exactly as from the file', async () => {
    const imported = await runCli(['causal', 'import', '--bif', ASIA], { env });
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ entities: 8, edges: 8 });

    const args = ['--target', 'dysp', '--do', 'smoke=yes', '--given', 'xray=yes', '--json'];
    const fromGraph = await runCli(['causal', 'query', '--graph', ...args], { env });
    const fromFile = await runCli(['causal', 'query', '--model', ASIA, ...args], { env });
    expect(fromGraph.code).toBe(0);
    const graphAnswer = JSON.parse(fromGraph.stdout);
    const fileAnswer = JSON.parse(fromFile.stdout);
    for (const state of Object.keys(fileAnswer.distribution)) {
      expect(graphAnswer.distribution[state]).toBeCloseTo(fileAnswer.distribution[state], 12);
    }
    expect(graphAnswer.certificate.model.source).toMatchObject({ kind: 'graph' });

    const answerFile = join(dir, 'graph-answer.json');
    writeFileSync(answerFile, fromGraph.stdout);
    expect((await runCli(['verify', answerFile])).code).toBe(0);

    const effect = await runCli(['causal', 'effect', '--graph', '--treatment', 'smoke=yes', '--control', 'smoke=no', '--outcome', 'lung=yes', '--json'], { env });
    expect(effect.code).toBe(0);
    const e = JSON.parse(effect.stdout);
    expect(e.effect).toBeCloseTo(e.pDo - e.pBaseline, 15);
    expect(e.ate).toBeGreaterThan(0);

    // Counterfactual quantities over the graph: CPT variables give Tian–Pearl bounds, which verify re-checks.
    const necessity = await runCli(['causal', 'necessity', '--graph', '--treatment', 'smoke=yes', '--outcome', 'lung=yes', '--json'], { env });
    expect(necessity.code).toBe(0);
    const pns = JSON.parse(necessity.stdout).pns as [number, number];
    expect(pns[0]).toBeLessThanOrEqual(pns[1]);
    expect(pns[0]).toBeGreaterThanOrEqual(e.ate - 1e-12); // Tian & Pearl: PNS ≥ P(y|do(x)) − P(y|do(x'))
    const necessityFile = join(dir, 'necessity.json');
    writeFileSync(necessityFile, necessity.stdout);
    expect((await runCli(['verify', necessityFile])).code).toBe(0);
  });

  it('refuses a malformed BIF before writing anything, and --model with --graph together', async () => {
    const broken = join(dir, 'broken.bif');
    writeFileSync(broken, 'network x {}\nvariable a { type discrete [ 2 ] { y, n };\n');
    const result = await runCli(['causal', 'import', '--bif', broken], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/INVALID_MODEL.*line \d+/);
    const both = await runCli(['causal', 'query', '--graph', '--model', ASIA, '--target', 'dysp', '--json'], { env });
    expect(both.code).toBe(2);
  });
});
