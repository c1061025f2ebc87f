/**
 * Golden tests discovered from files: test/golden/rules/<suite>/<name>.dl,
 * with <name>.expected.tsv (every fact of every derived predicate, one per
 * line: predicate<TAB>arg…) and optionally <name>.facts.tsv as input. The
 * expected files were worked out by hand. Each program's proofs must also pass
 * the independent checker.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { compile, evaluate, evalOutput, parseFactsTsv, type Constant } from '../../../src/rules';
import { verifyRulesOutput } from '../../../src/verify/rules';

const root = __dirname;
const cases = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((suite) =>
    readdirSync(join(root, suite.name))
      .filter((f) => f.endsWith('.dl'))
      .map((f) => ({ suite: suite.name, name: f.replace(/\.dl$/, ''), dir: join(root, suite.name) })),
  );

/** Independent of the engine's TSV reader: numbers are what Number() reads fully. */
function readExpected(text: string): Map<string, Set<string>> {
  const byPredicate = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [predicate, ...fields] = line.split('\t');
    const args = fields.map((f) => (f !== '' && !Number.isNaN(Number(f)) ? Number(f) : f));
    const set = byPredicate.get(predicate) ?? new Set<string>();
    set.add(JSON.stringify(args));
    byPredicate.set(predicate, set);
  }
  return byPredicate;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

test('golden programs are discovered', () => {
  expect(cases.length).toBeGreaterThanOrEqual(10);
  expect(new Set(cases.map((c) => c.suite))).toEqual(new Set(['transitive-closure', 'same-generation', 'negation', 'aggregates', 'classic']));
});

describe.each(cases)('$suite/$name', ({ name, dir }) => {
  const programPath = join(dir, `${name}.dl`);
  const factsPath = join(dir, `${name}.facts.tsv`);
  const programText = readFileSync(programPath, 'utf8');
  const factsText = existsSync(factsPath) ? readFileSync(factsPath, 'utf8') : undefined;
  const expected = readExpected(readFileSync(join(dir, `${name}.expected.tsv`), 'utf8'));

  const run = (strategy: 'semi-naive' | 'naive') => {
    const compiled = compile(programText);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.error));
    const input = factsText === undefined ? new Map<string, Constant[][]>() : parseFactsTsv(factsText, factsPath);
    return evaluate(compiled.value, input, { strategy });
  };

  test.each(['semi-naive', 'naive'] as const)('derives exactly the expected facts (%s)', (strategy) => {
    const evaluation = run(strategy);
    const output = evalOutput(evaluation, null);
    for (const predicate of new Set([...Object.keys(output.facts), ...expected.keys()])) {
      const actual = new Set((output.facts[predicate] ?? []).map((args) => JSON.stringify(args)));
      expect({ predicate, facts: [...actual].sort() }).toEqual({ predicate, facts: [...(expected.get(predicate) ?? [])].sort() });
    }
  });

  test('its proofs pass the independent checker', () => {
    const output = evalOutput(run('semi-naive'), {
      program: { path: programPath, sha256: sha256(programText) },
      factsFiles: factsText === undefined ? [] : [{ path: factsPath, sha256: sha256(factsText) }],
    });
    const doc = JSON.parse(JSON.stringify(output));
    expect(verifyRulesOutput(doc, { baseDir: dir })).toMatchObject({ valid: true });
  });
});
