import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { OpenGraph } from '../../../src/graph';
import { openTestGraph } from '../../helpers/testGraph';
import { materialise, snapshot, uniqueTag } from './ingestFixtures';

const REPO = join(__dirname, '..', '..', '..');
let graph: OpenGraph;

beforeAll(async () => {
  graph = await openTestGraph();
});
afterAll(() => graph.close());

function ingest(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'cliEntry.ts'), 'ingest', ...args], { cwd: REPO, env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('causeway ingest', () => {
  it('prints a JSON summary, lists bad lines on stderr and exits 1 for them; --strict writes nothing', async () => {
    const tag = uniqueTag();
    const dir = materialise(tag);
    const strict = await ingest([join(dir, 'facts.jsonl'), join(dir, 'bad.jsonl'), '--strict']);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout)).toMatchObject({ written: false, strict: true, files: 2 });
    expect(strict.stderr).toContain(`${join(dir, 'bad.jsonl')}:3: not valid JSON`);

    expect((await snapshot(graph.client, tag)).entities).toEqual([]);

    const real = await ingest([join(dir, 'facts.jsonl'), join(dir, 'entities.csv'), join(dir, 'relations.csv')]);
    expect(real.code).toBe(0);
    expect(JSON.parse(real.stdout)).toMatchObject({ written: true, errors: [], entities: { created: 5 }, relations: { created: 4 }, documents: { created: 1 } });
    expect((await snapshot(graph.client, tag)).relations).toHaveLength(4);
  });
});
