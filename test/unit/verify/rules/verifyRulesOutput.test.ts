/** The independent checker accepts honest proofs and rejects tampered ones, naming the failing step. */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile, evaluate, evalOutput, parseFactsTsv } from '../../../../src/rules';
import { verifyRulesOutput } from '../../../../src/verify/rules';

const PROGRAM = `// reachability, negation and an aggregate
reach(X) :- source(X).
reach(Y) :- reach(X), edge(X, Y).
unreachable(X) :- node(X), !reach(X).
fanout(X, N) :- reach(X), N = count : { edge(X, _) }.
weight(X, S) :- node(X), S = sum W : { w(X, W) }, S > 1.
heavy(X, V) :- w(X, V), V > 2.
`;
const FACTS = 'source\ta\nnode\ta\nnode\tb\nnode\tc\nnode\td\nedge\ta\tb\nedge\tb\tc\nedge\ta\tc\nw\ta\t1\nw\ta\t2.5\n';

const dir = mkdtempSync(join(tmpdir(), 'causeway-verify-rules-'));
const programPath = join(dir, 'program.dl');
const factsPath = join(dir, 'facts.tsv');
writeFileSync(programPath, PROGRAM);
writeFileSync(factsPath, FACTS);
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

type Doc = { facts: Record<string, unknown[][]>; proofs: { derivations: Array<Record<string, any>>; factsFiles: Array<{ path: string; sha256: string }> } };

function honest(): Doc {
  const compiled = compile(PROGRAM);
  if (!compiled.ok) throw new Error('program refused');
  const evaluation = evaluate(compiled.value, parseFactsTsv(FACTS, factsPath));
  const output = evalOutput(evaluation, { program: { path: programPath, sha256: sha(PROGRAM) }, factsFiles: [{ path: factsPath, sha256: sha(FACTS) }] });
  return JSON.parse(JSON.stringify(output)) as Doc;
}

const verify = (doc: unknown) => verifyRulesOutput(doc, { baseDir: dir });
const find = (doc: Doc, predicate: string, args: unknown[]) => {
  const i = doc.proofs.derivations.findIndex((d) => d.fact.predicate === predicate && JSON.stringify(d.fact.args) === JSON.stringify(args));
  if (i < 0) throw new Error(`no derivation of ${predicate}${JSON.stringify(args)}`);
  return { i, d: doc.proofs.derivations[i] };
};

test('honest proofs are valid', () => {
  const doc = honest();
  expect(doc.facts.unreachable).toEqual([['d']]);
  expect(doc.facts.weight).toEqual([['a', 3.5]]);
  expect(verify(doc)).toEqual({ valid: true, checked: expect.stringContaining('derivations') });
});

test.each<[string, (doc: Doc) => void, RegExp]>([
  ['a premise changed', (doc) => (find(doc, 'reach', ['c']).d.premises[1] = { predicate: 'edge', args: ['a', 'b'] }), /premise 1 .* does not match/],
  ['a premise changed consistently with the substitution', (doc) => {
    const { d } = find(doc, 'reach', ['c']);
    d.substitution.X = 'd';
    d.premises = [{ predicate: 'reach', args: ['d'] }, { predicate: 'edge', args: ['d', 'c'] }];
  }, /premise 0 .* neither a given fact nor proved/],
  ['a substitution changed', (doc) => (find(doc, 'reach', ['b']).d.substitution.Y = 'c'), /head .* not the conclusion/],
  ['a premise removed', (doc) => find(doc, 'reach', ['b']).d.premises.pop(), /2 premises expected/],
  ['the conclusion changed', (doc) => (find(doc, 'reach', ['b']).d.fact.args = ['d']), /not the conclusion/],
  ['a rule that is not in the program', (doc) => (find(doc, 'reach', ['b']).d.rule.text = 'reach(Y) :- edge(X, Y).'), /not a rule of the program/],
  ['a variable missing from the substitution', (doc) => delete find(doc, 'reach', ['b']).d.substitution.X, /no value to X/],
  ['a negated atom that holds', (doc) => doc.facts.reach.push(['d']), /negated atom reach holds/],
  ['an aggregate value changed', (doc) => {
    const { d } = find(doc, 'fanout', ['a', 2]);
    d.substitution.N = 3;
    d.fact.args = ['a', 3];
  }, /N = count is 2 over the result/],
  ['an aggregated fact left out', (doc) => find(doc, 'fanout', ['a', 2]).d.aggregates[0].facts.pop(), /not the 2 matches/],
  ['a comparison that fails', (doc) => {
    const { d } = find(doc, 'heavy', ['a', 2.5]);
    d.substitution.V = 1;
    d.fact.args = ['a', 1];
    d.premises = [{ predicate: 'w', args: ['a', 1] }];
  }, /comparison > does not hold/],
  ['a derivation that uses a fact proved only later', (doc) => {
    const { i } = find(doc, 'reach', ['b']);
    const [moved] = doc.proofs.derivations.splice(i, 1);
    doc.proofs.derivations.push(moved);
  }, /neither a given fact nor proved by an earlier derivation/],
  ['a printed fact without a derivation', (doc) => doc.facts.unreachable.push(['a']), /unreachable\("a"\) is printed but neither given nor derived/],
  ['a facts file that changed since', (doc) => (doc.proofs.factsFiles[0].sha256 = sha('edge\ta\td\n')), /changed since the proofs were made/],
])('rejects %s', (_, tamper, reason) => {
  const doc = honest();
  tamper(doc);
  const outcome = verify(doc);
  expect(outcome.valid).toBe(false);
  if (outcome.valid) return;
  expect(outcome.reason).toMatch(reason);
});

test('the failing step names the derivation and its fact', () => {
  const doc = honest();
  find(doc, 'reach', ['b']).d.premises.pop();
  expect(verify(doc)).toMatchObject({ valid: false, step: expect.stringMatching(/^derivation \d+ \(reach\("b"\)\)$/) });
});

test('output without proofs, or of another shape, is invalid', () => {
  expect(verify({ facts: {}, proofs: null })).toMatchObject({ valid: false, step: 'shape' });
  expect(verify({ facts: {}, proofs: { format: 'other' } })).toMatchObject({ valid: false, step: 'shape' });
});
