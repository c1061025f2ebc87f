/**
 * Incremental maintenance (Evaluation.update): random positive programs,
 * random input, then random sequences of inserted and deleted input facts
 * (including given facts of derived predicates). After every update the
 * model equals a from-scratch evaluation, the facts reported as changed are
 * exactly the difference in derived facts, and every derivation the updated
 * evaluation gives passes the independent checker.
 */
import fc from 'fast-check';
import { compile, evaluate, type Constant, type Evaluation } from '../../../src/rules';
import { readStatements } from '../../../src/verify/rules/datalogText';
import { keyOf, toInput, updateAndCheck } from './updateCheck';

const DOMAIN: Constant[] = [0, 1, 2, 3, 'a'];
const VARS = ['A', 'B', 'C'];
// e/2 and f/1 are input only; p0/1, p1/2, p2/2 are derived and may be given too.
const ARITY: Record<string, number> = { e: 2, f: 1, p0: 1, p1: 2, p2: 2 };
const BODY = ['e', 'f', 'p0', 'p1', 'p2'];
const HEADS = ['p0', 'p1', 'p2'];

const term = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...VARS) }, { weight: 1, arbitrary: fc.constantFrom(...DOMAIN).map((c) => JSON.stringify(c)) });
const ruleArb = fc.record({
  head: fc.constantFrom(...HEADS),
  headArgs: fc.array(fc.constantFrom(...VARS), { minLength: 2, maxLength: 2 }),
  body: fc.array(fc.record({ pred: fc.constantFrom(...BODY), args: fc.array(term, { minLength: 2, maxLength: 2 }) }), { minLength: 1, maxLength: 3 }),
  cmp: fc.option(fc.record({ op: fc.constantFrom('!=', '<', '>='), l: fc.constantFrom(...VARS), r: fc.constantFrom(...VARS) }), { nil: undefined }),
});

/** A safe rule: head and comparison variables must appear in the body (unbound ones become constants / are dropped). */
function show(raw: fc.RecordValue<typeof ruleArb extends fc.Arbitrary<infer R> ? R : never>): string {
  const atoms = raw.body.map((a) => `${a.pred}(${a.args.slice(0, ARITY[a.pred]).join(', ')})`);
  const bound = new Set(raw.body.flatMap((a) => a.args.slice(0, ARITY[a.pred]).filter((t) => VARS.includes(t))));
  const head = raw.headArgs.slice(0, ARITY[raw.head]).map((v, k) => (bound.has(v) ? v : JSON.stringify(DOMAIN[k])));
  const cmp = raw.cmp && bound.has(raw.cmp.l) && bound.has(raw.cmp.r) ? [`${raw.cmp.l} ${raw.cmp.op} ${raw.cmp.r}`] : [];
  return `${raw.head}(${head.join(', ')}) :- ${[...atoms, ...cmp].join(', ')}.`;
}

const factArb = fc.constantFrom(...BODY).chain((pred) => fc.array(fc.constantFrom(...DOMAIN), { minLength: ARITY[pred], maxLength: ARITY[pred] }).map((args) => ({ predicate: pred, args })));
const changeArb = fc.record({ insert: fc.array(factArb, { maxLength: 4 }), delete: fc.array(fc.nat(), { maxLength: 3 }) });

const modelOf = (evaluation: Evaluation): string[] => ['p0/1', 'p1/2', 'p2/2', 'e/2', 'f/1'].flatMap((key) => evaluation.facts(key).map((args) => keyOf({ predicate: key.split('/')[0], args }))).sort();

test('updating an evaluation after inserts and deletes equals evaluating from scratch', () => {
  fc.assert(
    fc.property(fc.array(ruleArb, { minLength: 1, maxLength: 4 }), fc.array(factArb, { maxLength: 10 }), fc.array(changeArb, { minLength: 1, maxLength: 5 }), (rawRules, initial, changes) => {
      const text = rawRules.map(show).join('\n');
      const compiled = compile(text);
      if (!compiled.ok) return; // e.g. a comparison the analysis refuses: nothing to maintain
      const given = new Map(initial.map((f) => [keyOf(f), f]));
      let current = evaluate(compiled.value, toInput(given.values()));
      const statements = readStatements(text);
      for (const change of changes) {
        current = updateAndCheck({ program: compiled.value, text, statements, given, current, change, modelOf }).evaluation;
      }
    }),
    { numRuns: 300 },
  );
});

test('programs with negation or aggregates are updated in place (incrementalStratified.test.ts tests them at length)', () => {
  const compiled = compile('q(X) :- e(X, _), !f(X).\nn(N) :- N = count : { q(_) }.');
  if (!compiled.ok) throw new Error('refused');
  const evaluation = evaluate(compiled.value, new Map([['e', [[1, 2], [3, 4]]]]));
  const updated = evaluation.update({ insert: new Map([['f', [[1]]]]), delete: new Map() });
  expect(updated.changed.removed).toEqual(expect.arrayContaining([{ predicate: 'q', args: [1] }, { predicate: 'n', args: [2] }]));
  expect(updated.changed.removed).toHaveLength(2);
  expect(updated.changed.added).toEqual([{ predicate: 'n', args: [1] }]);
  expect(updated.evaluation.facts('q/1')).toEqual([[3]]);
  const back = updated.evaluation.update({ insert: new Map(), delete: new Map([['f', [[1]]]]) });
  expect(back.changed.added).toEqual(expect.arrayContaining([{ predicate: 'q', args: [1] }, { predicate: 'n', args: [2] }]));
  expect(back.changed.removed).toEqual([{ predicate: 'n', args: [1] }]);
});

test('a chain grows and shrinks by the facts through the changed edge only', () => {
  const compiled = compile('path(X, Y) :- e(X, Y).\npath(X, Z) :- path(X, Y), e(Y, Z).');
  if (!compiled.ok) throw new Error('refused');
  const edges = Array.from({ length: 50 }, (_, i) => [i, i + 1]);
  const first = evaluate(compiled.value, new Map([['e', edges]]));
  const before = first.count('path/2'); // `first` is consumed by its update
  const grown = first.update({ insert: new Map([['e', [[50, 51]]]]), delete: new Map() });
  expect(grown.changed.added).toHaveLength(51);
  expect(grown.changed.removed).toHaveLength(0);
  const shrunk = grown.evaluation.update({ insert: new Map(), delete: new Map([['e', [[25, 26]]]]) });
  // Pairs (x ≤ 25, y ≥ 26) are gone: 26 × 26 of them.
  expect(shrunk.changed.removed).toHaveLength(26 * 26);
  expect(shrunk.evaluation.count('path/2')).toBe(before + 51 - 26 * 26);
  expect(shrunk.evaluation.proofOf({ predicate: 'path', args: [0, 25] })).toBeDefined();
});

test('an update is bounded like an evaluation: LIMIT_EXCEEDED when the model would hold more derived facts than allowed', () => {
  const compiled = compile('path(X, Y) :- e(X, Y).\npath(X, Z) :- path(X, Y), e(Y, Z).');
  if (!compiled.ok) throw new Error('refused');
  const edges = Array.from({ length: 10 }, (_, i) => [i, i + 1]);
  // 55 facts now; one more edge adds 11.
  expect(() => evaluate(compiled.value, new Map([['e', edges]])).update({ insert: new Map([['e', [[10, 11]]]]), delete: new Map() }, { limits: { maxDerivedFacts: 60 } })).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
  expect(() => evaluate(compiled.value, new Map([['e', edges]])).update({ insert: new Map(), delete: new Map([['e', [[9, 10]]]]) }, { limits: { maxDerivedFacts: 20 } })).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
  expect(evaluate(compiled.value, new Map([['e', edges]])).update({ insert: new Map([['e', [[10, 11]]]]), delete: new Map() }, { limits: { maxDerivedFacts: 66 } }).changed.added).toHaveLength(11);
});
