import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../helpers/runCli';

/** `causeway verify` sends each kind of printed answer to its own independent checker. */
describe('causeway verify dispatch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-verify-'));
  const model = join(dir, 'frontdoor.json');
  writeFileSync(
    model,
    JSON.stringify({ nodes: ['X', 'M', 'Y'], edges: [{ from: 'X', to: 'M' }, { from: 'M', to: 'Y' }], confounded: [['X', 'Y']] }),
  );

  it('accepts a genuine identification answer and rejects a tampered one', async () => {
    const identify = await runCli(['causal', 'identify', '--model', model, '--treatment', 'X', '--outcome', 'Y', '--json']);
    expect(identify.code).toBe(0);
    const answer = join(dir, 'identify.json');
    writeFileSync(answer, identify.stdout);
    const valid = await runCli(['verify', answer]);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toBe('');

    const tampered = JSON.parse(readFileSync(answer, 'utf8')) as { estimand: string };
    tampered.estimand = 'P(y|x)';
    writeFileSync(answer, JSON.stringify(tampered));
    const invalid = await runCli(['verify', answer]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^invalid: step /m);
  });

  it('rejects JSON that carries nothing to verify, and unreadable files as usage errors', async () => {
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '{"answer": 42}');
    expect((await runCli(['verify', empty])).code).toBe(1);
    expect((await runCli(['verify', join(dir, 'missing.json')])).code).toBe(2);
  });
});
