/**
 * `causeway rules check|eval` and `causeway verify` on their output, run
 * in-process through main() with stdout/stderr captured: the exit-code
 * contract (0 answer, 1 failure, 2 usage) and the JSON shape.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMainInProcess } from '../../helpers/runMainInProcess';

const dir = mkdtempSync(join(tmpdir(), 'causeway-cli-rules-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const good = file('good.dl', 'source("a").\nreach(X) :- source(X).\nreach(Y) :- reach(X), edge(X, Y).\nstuck(X) :- reach(X), !edge(X, _).\nnever(X) :- reach(X), X = "z".\n');
const facts = file('edges.tsv', 'edge\ta\tb\nedge\tb\t3\n');
const bad = file('bad.dl', 'p(X) :- q(Y).\nr(X) :- e(X), !r(X).\n');

const run = (...args: string[]) => runMainInProcess(args);

describe('rules check', () => {
  test('a sound program: exit 0, warnings on stderr', async () => {
    const { code, stdout, stderr } = await run('rules', 'check', good);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain('warning DL101: edge/2 is used but never defined');
  });

  test('diagnostics: exit 1, each with file, line, column and code', async () => {
    const { code, stderr } = await run('rules', 'check', bad);
    expect(code).toBe(1);
    expect(stderr).toContain(`${bad}:1:3: error DL002`);
    expect(stderr).toContain(`${bad}:2:15: error DL005: negation through recursion: r/1 -> r/1`);
  });

  test('usage: no file, or a file that cannot be read, exits 2', async () => {
    expect((await run('rules', 'check')).code).toBe(2);
    expect((await run('rules', 'check', join(dir, 'missing.dl'))).code).toBe(2);
  });
});

describe('rules eval', () => {
  test('prints facts for every derived predicate, empty ones as []', async () => {
    const { code, stdout } = await run('rules', 'eval', '--rules', good, '--facts', facts, '--json');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc.facts).sort()).toEqual(['never', 'reach', 'stuck']);
    expect(new Set(doc.facts.reach.map((t: unknown[]) => JSON.stringify(t)))).toEqual(new Set(['["a"]', '["b"]', '[3]']));
    expect(doc.facts.stuck).toEqual([[3]]);
    expect(doc.facts.never).toEqual([]);
    expect(doc.proofs).toBeNull();
  });

  test('--proofs output passes `causeway verify`; tampered output fails with exit 1', async () => {
    const { code, stdout } = await run('rules', 'eval', '--rules', good, '--facts', facts, '--proofs', '--json');
    expect(code).toBe(0);
    const output = file('out.json', stdout);
    const verified = await run('verify', output);
    expect(verified).toMatchObject({ code: 0, stderr: expect.stringMatching(/^valid: /) });

    const doc = JSON.parse(readFileSync(output, 'utf8'));
    doc.proofs.derivations[1].premises[1].args = ['a', 'zzz'];
    const tampered = await run('verify', file('tampered.json', JSON.stringify(doc)));
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/^invalid: step derivation 1 \(.*\): premise 1/);
  });

  test('a program with errors exits 1 with its diagnostics', async () => {
    const { code, stdout, stderr } = await run('rules', 'eval', '--rules', bad, '--json');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('DL005');
  });

  test('a limit exceeded exits 1 with LIMIT_EXCEEDED', async () => {
    const { code, stderr } = await run('rules', 'eval', '--rules', good, '--facts', facts, '--max-facts', '1', '--json');
    expect(code).toBe(1);
    expect(stderr).toContain('LIMIT_EXCEEDED');
  });

  test('usage errors exit 2: no --rules, no --json, unreadable facts, bad number', async () => {
    expect((await run('rules', 'eval', '--json')).code).toBe(2);
    expect((await run('rules', 'eval', '--rules', good)).code).toBe(2);
    expect((await run('rules', 'eval', '--rules', good, '--facts', join(dir, 'none.tsv'), '--json')).code).toBe(2);
    expect((await run('rules', 'eval', '--rules', good, '--max-facts', 'many', '--json')).code).toBe(2);
  });

  test('facts whose arity the program never reads are warned about', async () => {
    const wide = file('wide.tsv', 'edge\ta\tb\t0.5\n');
    const { code, stdout, stderr } = await run('rules', 'eval', '--rules', good, '--facts', wide, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).facts.reach).toEqual([['a']]);
    expect(stderr).toContain('warning: facts give edge/3, the program reads edge/2');
  });

  test('a malformed facts file exits 1 naming the line', async () => {
    const broken = file('broken.tsv', 'edge\ta\tb\nEdge\tb\tc\n');
    const { code, stderr } = await run('rules', 'eval', '--rules', good, '--facts', broken, '--json');
    expect(code).toBe(1);
    expect(stderr).toContain('broken.tsv:2');
  });
});
