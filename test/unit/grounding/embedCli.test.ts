import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { requireModelDir } from './modelForTests';

const entry = join(__dirname, 'cliEntry.ts');

function causeway(args: string[], input: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', entry, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, EMBEDDINGS_THREADS: '1', ...env },
    timeout: 60_000,
  });
}

describe('causeway embed (real model)', () => {
  beforeAll(() => requireModelDir());

  it('prints one 384-number JSON array per stdin line, in order (child process)', () => {
    const run = causeway(['embed'], 'Smoking causes lung cancer.\n\nSmoking causes lung cancer.\n');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(3);
    const [a, empty, again] = lines.map((l) => JSON.parse(l) as number[]);
    expect(a).toHaveLength(384);
    expect(empty).toHaveLength(384);
    expect(again).toEqual(a);
    expect(empty).not.toEqual(a);
  });

  it('exits 1 with a typed message on a bad configuration', async () => {
    const stderr: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
    const saved = process.env.EMBEDDINGS_PROTOCOL;
    process.env.EMBEDDINGS_PROTOCOL = 'grpc';
    try {
      await main(['node', 'causeway', 'embed']);
      expect(process.exitCode).toBe(1);
      expect(stderr.join('')).toMatch(/^causeway: CONFIG_ERROR: .*EMBEDDINGS_PROTOCOL/);
    } finally {
      write.mockRestore();
      process.exitCode = 0;
      if (saved === undefined) delete process.env.EMBEDDINGS_PROTOCOL;
      else process.env.EMBEDDINGS_PROTOCOL = saved;
    }
  });
});
