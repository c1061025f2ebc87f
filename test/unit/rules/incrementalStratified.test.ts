/**
 * Incremental maintenance of stratified programs (Evaluation.update with
 * negation and aggregates): random programs over three layers of derived
 * predicates, each free to negate and aggregate the layers below, random
 * input, random sequences of inserted and deleted input facts. After every
 * update: the model equals a from-scratch evaluation, `changed` is exactly
 * the difference in derived facts, every derivation of the updated evaluation
 * passes the independent checker, and every derivation the graph layer would
 * keep (a fact not reported changed keeps its stored derivation) is still a
 * valid step — so a fact whose aggregated facts or absent facts changed must
 * be reported. Then: updates touch what the change reaches, not the model.
 * Longer runs: RULES_PROPERTY_RUNS=20000 (default 1000), RULES_PROPERTY_SEED=n.
 */
import fc from 'fast-check';
import { compile, evaluate, evalOutput, type Constant, type Evaluation, type Fact } from '../../../src/rules';
import { Relation } from '../../../src/rules/eval/Relation';
import { checkDerivations } from '../../../src/verify/rules/checkDerivations';
import { readStatements } from '../../../src/verify/rules/datalogText';
import { keyOf, toInput, updateAndCheck } from './updateCheck';

const DOMAIN: Constant[] = [0, 1, 2, 3, 'a'];
const VARS = ['A', 'B', 'C'];
// e/2 and f/1 are input only; p/2, q/2, r/1 are derived (layers 1, 2, 3) and may be given too.
const ARITY: Record<string, number> = { e: 2, f: 1, p: 2, q: 2, r: 1 };
const LAYER: Record<string, number> = { e: 0, f: 0, p: 1, q: 2, r: 3 };
const PREDICATES = Object.keys(ARITY);
const upTo = (layer: number): string[] => PREDICATES.filter((p) => LAYER[p] <= layer);
const below = (layer: number): string[] => PREDICATES.filter((p) => LAYER[p] < layer);

const constant = fc.constantFrom(...DOMAIN).map((c) => JSON.stringify(c));
const term = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...VARS) }, { weight: 1, arbitrary: constant });
const atom = (preds: string[], args: fc.Arbitrary<string>) => fc.record({ pred: fc.constantFrom(...preds), args: fc.array(args, { minLength: 2, maxLength: 2 }) });

const ruleArb = fc.constantFrom('p', 'q', 'r').chain((head) =>
  fc.record({
    head: fc.constant(head),
    headArgs: fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...VARS, 'N') }, { weight: 1, arbitrary: constant }), { minLength: 2, maxLength: 2 }),
    body: fc.array(atom(upTo(LAYER[head]), term), { minLength: 1, maxLength: 3 }),
    negated: fc.array(atom(below(LAYER[head]), fc.oneof({ weight: 4, arbitrary: term }, { weight: 1, arbitrary: fc.constant('_') })), { maxLength: 2 }),
    aggregate: fc.option(
      fc.record({
        fn: fc.constantFrom('count', 'sum', 'min', 'max'),
        inner: fc.array(atom(below(LAYER[head]), fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...VARS) }, { weight: 3, arbitrary: fc.constantFrom('L', 'M') }, { weight: 1, arbitrary: constant }, { weight: 1, arbitrary: fc.constant('_') })), { minLength: 1, maxLength: 2 }),
        innerCmp: fc.option(fc.constantFrom('L != 1', 'L < M', 'A != L'), { nil: undefined }),
        filter: fc.option(fc.constantFrom('N > 1', 'N != 2', 'N < 3'), { nil: undefined }),
      }),
      { nil: undefined, freq: 2 },
    ),
    cmp: fc.option(fc.record({ op: fc.constantFrom('!=', '<', '>='), l: fc.constantFrom(...VARS), r: fc.constantFrom(...VARS) }), { nil: undefined }),
  }),
);
type RawRule = typeof ruleArb extends fc.Arbitrary<infer R> ? R : never;

/** A safe rule: unbound variables become constants (head), `_` (negation) or local (aggregate). */
function show(raw: RawRule): string {
  const args = (a: { pred: string; args: string[] }) => a.args.slice(0, ARITY[a.pred]);
  const atoms = raw.body.map((a) => `${a.pred}(${args(a).join(', ')})`);
  const bound = new Set(raw.body.flatMap((a) => args(a).filter((t) => VARS.includes(t))));
  const literals = [...atoms];
  for (const negated of raw.negated) literals.push(`!${negated.pred}(${args(negated).map((t) => (VARS.includes(t) && !bound.has(t) ? '_' : t)).join(', ')})`);
  if (raw.aggregate) {
    const inner = raw.aggregate.inner.map((a) => ({ pred: a.pred, args: args(a).map((t) => (VARS.includes(t) && !bound.has(t) ? 'L' : t)) }));
    const innerVars = new Set(inner.flatMap((a) => a.args));
    const local = ['L', 'M'].find((t) => innerVars.has(t));
    const fn = local ? raw.aggregate.fn : 'count';
    const cmp = raw.aggregate.innerCmp?.split(' ').filter((t) => /^[A-Z]$/.test(t)).every((v) => innerVars.has(v) || bound.has(v)) ? [raw.aggregate.innerCmp] : [];
    const body = [...inner.map((a) => `${a.pred}(${a.args.join(', ')})`), ...cmp];
    literals.push(`N = ${fn}${fn === 'count' ? '' : ` ${local}`} : { ${body.join(', ')} }`);
    bound.add('N');
    if (raw.aggregate.filter) literals.push(raw.aggregate.filter);
  }
  if (raw.cmp && bound.has(raw.cmp.l) && bound.has(raw.cmp.r)) literals.push(`${raw.cmp.l} ${raw.cmp.op} ${raw.cmp.r}`);
  const head = raw.headArgs.slice(0, ARITY[raw.head]).map((v, k) => (bound.has(v) ? v : v.startsWith('"') || /^\d/.test(v) ? v : JSON.stringify(DOMAIN[k])));
  return `${raw.head}(${head.join(', ')}) :- ${literals.join(', ')}.`;
}

const factArb = fc
  .constantFrom('e', 'e', 'e', 'f', 'f', 'p', 'q', 'r')
  .chain((pred) => fc.array(fc.constantFrom(...DOMAIN), { minLength: ARITY[pred], maxLength: ARITY[pred] }).map((args) => ({ predicate: pred, args })));
const changeArb = fc.record({ insert: fc.array(factArb, { maxLength: 4 }), delete: fc.array(fc.nat(), { maxLength: 3 }) });

const modelFacts = (evaluation: Evaluation): Fact[] => PREDICATES.flatMap((p) => evaluation.facts(`${p}/${ARITY[p]}`).map((args) => ({ predicate: p, args })));
const modelOf = (evaluation: Evaluation): string[] => modelFacts(evaluation).map(keyOf).sort();

test('updating a program with negation and aggregates equals evaluating it from scratch, and reports exactly what changed', () => {
  let maintained = 0;
  fc.assert(
    fc.property(fc.array(ruleArb, { minLength: 1, maxLength: 5 }), fc.array(factArb, { maxLength: 12 }), fc.array(changeArb, { minLength: 1, maxLength: 5 }), (rawRules, initial, changes) => {
      const text = rawRules.map(show).join('\n');
      const compiled = compile(text);
      if (!compiled.ok) return; // e.g. arithmetic in a recursive head: nothing to maintain
      maintained++;
      const statements = readStatements(text);
      const given = new Map(initial.map((f) => [keyOf(f), f]));
      let current = evaluate(compiled.value, toInput(given.values()));
      for (const change of changes) {
        const stored = JSON.parse(JSON.stringify(current.allDerivations())) as Array<{ fact: Fact }>;
        const step = updateAndCheck({ program: compiled.value, text, statements, given, current, change, modelOf });
        current = step.evaluation;
        const { after, output } = step;
        const { added, removed, rewritten } = step.changed;
        expect(added.length + removed.length + rewritten.length).toBe(new Set([...added, ...removed, ...rewritten].map(keyOf)).size);

        // What a store of derivations keeps (facts not reported) must still be one valid step over the new model.
        const reported = new Set([...added, ...removed, ...rewritten].map(keyOf));
        const kept = stored.filter((d) => after.has(keyOf(d.fact)) && !reported.has(keyOf(d.fact)));
        const stale = checkDerivations({ statements, givenFacts: modelFacts(current), resultFacts: output.facts, derivations: kept });
        expect({ text, stale }).toEqual({ text, stale: expect.objectContaining({ valid: true }) });
      }
    }),
    { numRuns: Number(process.env.RULES_PROPERTY_RUNS ?? 1000), ...(process.env.RULES_PROPERTY_SEED ? { seed: Number(process.env.RULES_PROPERTY_SEED) } : {}) },
  );
  expect(maintained).toBeGreaterThan(500); // the generator makes mostly valid programs
});

/** Relation.insert calls (derived facts tried, scratch sets filled) while `work` runs: join work, not time. */
function insertsDuring<T>(work: () => T): { result: T; inserts: number } {
  const spy = jest.spyOn(Relation.prototype, 'insert');
  try {
    const result = work();
    return { result, inserts: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}

const CLOSURE_UNDER_NEGATION = `
path(X, Y) :- e(X, Y).
path(X, Z) :- path(X, Y), e(Y, Z).
unreached(X, Y) :- node(X), node(Y), !path(X, Y).
`;

test('a one-edge change of a closure under a negation stratum touches the facts through that edge only', () => {
  const compiled = compile(CLOSURE_UNDER_NEGATION);
  if (!compiled.ok) throw new Error('refused');
  const n = 60;
  const input = new Map<string, Constant[][]>([
    ['e', Array.from({ length: n - 1 }, (_, i) => [i, i + 1])],
    ['node', Array.from({ length: n }, (_, i) => [i])],
  ]);
  const full = insertsDuring(() => evaluate(compiled.value, input));
  const paths = full.result.count('path/2');
  const unreached = full.result.count('unreached/2');
  expect(paths + unreached).toBe(n * n); // every pair is one or the other

  // Deleting the last edge: n - 1 paths into the last node go, n - 1 pairs become unreached.
  const cut = insertsDuring(() => full.result.update({ insert: new Map(), delete: new Map([['e', [[n - 2, n - 1]]]]) }));
  expect(cut.result.changed.removed.map((f) => f.predicate)).toEqual(Array(n - 1).fill('path'));
  expect(cut.result.changed.added.map((f) => f.predicate)).toEqual(Array(n - 1).fill('unreached'));
  expect(cut.result.changed.rewritten).toEqual([]);
  // Adding it back: the reverse.
  const joined = insertsDuring(() => cut.result.evaluation.update({ insert: new Map([['e', [[n - 2, n - 1]]]]), delete: new Map() }));
  expect(joined.result.changed.added.map((f) => f.predicate)).toEqual(Array(n - 1).fill('path'));
  expect(joined.result.changed.removed.map((f) => f.predicate)).toEqual(Array(n - 1).fill('unreached'));
  expect(joined.result.changed.rewritten).toEqual([]);
  expect(joined.result.evaluation.count('path/2')).toBe(paths);
  expect(joined.result.evaluation.count('unreached/2')).toBe(unreached);
  expect(joined.result.evaluation.proofOf({ predicate: 'unreached', args: [n - 1, 0] })).toBeDefined();

  // The work follows the change (a few sets of n facts), not the model (n² facts).
  expect(full.inserts).toBeGreaterThan(n * n);
  expect(cut.inserts).toBeLessThan(10 * n);
  expect(joined.inserts).toBeLessThan(10 * n);
});

test('an aggregate is recomputed for the groups whose facts changed only', () => {
  const compiled = compile('degree(X, N) :- node(X), N = count : { e(X, _) }.\nheavy(X) :- degree(X, N), N > 2.');
  if (!compiled.ok) throw new Error('refused');
  const n = 50;
  const input = new Map<string, Constant[][]>([
    ['e', Array.from({ length: n }, (_, i) => [i, (i + 1) % n])],
    ['node', Array.from({ length: n }, (_, i) => [i])],
  ]);
  const first = evaluate(compiled.value, input);
  const more = insertsDuring(() => first.update({ insert: new Map([['e', [[7, 20], [7, 30]]]]), delete: new Map() }));
  const { added, removed, rewritten } = more.result.changed;
  expect(removed).toEqual([{ predicate: 'degree', args: [7, 1] }]);
  expect(added).toEqual(expect.arrayContaining([{ predicate: 'degree', args: [7, 3] }, { predicate: 'heavy', args: [7] }]));
  expect(added).toHaveLength(2);
  expect(rewritten).toEqual([]);
  expect(more.inserts).toBeLessThan(n);

  // A group whose value stays but whose facts changed: its stored derivation lists other facts, so it is rewritten.
  const swapped = more.result.evaluation.update({ insert: new Map([['e', [[7, 40]]]]), delete: new Map([['e', [[7, 20]]]]) });
  expect(swapped.changed.added).toEqual([]);
  expect(swapped.changed.removed).toEqual([]);
  // (heavy(7) read the re-derived fact: delete–rederive may rewrite it too.)
  expect(swapped.changed.rewritten).toEqual(expect.arrayContaining([{ predicate: 'degree', args: [7, 3] }]));
  expect(swapped.changed.rewritten.length).toBeLessThanOrEqual(2);
  const step = swapped.evaluation.derivation({ predicate: 'degree', args: [7, 3] });
  expect(step !== 'input' && step?.aggregates[0].facts.map((group) => group[0].args[1] as number).sort((a, b) => a - b)).toEqual([8, 30, 40]);
});

test('an aggregate over re-derived facts is rewritten after them (proofs list premises before the facts that use them)', () => {
  const text = 'seen(X) :- node(X), N = count : { e(X, _) }, N > 0.\ntally(N) :- N = count : { seen(_) }.';
  const compiled = compile(text);
  if (!compiled.ok) throw new Error('refused');
  const given: Fact[] = [
    { predicate: 'node', args: [1] },
    { predicate: 'e', args: [1, 2] },
  ];
  const first = evaluate(compiled.value, toInput(given));
  // seen(1) now aggregates two edges: re-derived, same fact. tally(1) keeps its value but must follow it.
  const updated = first.update({ insert: new Map([['e', [[1, 3]]]]), delete: new Map() });
  expect(updated.changed.added).toEqual([]);
  expect(updated.changed.removed).toEqual([]);
  expect(updated.changed.rewritten).toEqual([
    { predicate: 'seen', args: [1] },
    { predicate: 'tally', args: [1] },
  ]);
  const output = evalOutput(updated.evaluation, { program: { path: 'p.dl', sha256: '' }, factsFiles: [] });
  expect(output.proofs!.derivations.map((d) => d.fact.predicate)).toEqual(['seen', 'tally']);
  const verdict = checkDerivations({ statements: readStatements(text), givenFacts: [...given, { predicate: 'e', args: [1, 3] }], resultFacts: output.facts, derivations: JSON.parse(JSON.stringify(output.proofs!.derivations)) });
  expect(verdict).toEqual(expect.objectContaining({ valid: true }));
});

test('an update of a program with negation is bounded like an evaluation (LIMIT_EXCEEDED, TIMEOUT)', () => {
  const compiled = compile(CLOSURE_UNDER_NEGATION);
  if (!compiled.ok) throw new Error('refused');
  const input = new Map<string, Constant[][]>([
    ['e', Array.from({ length: 9 }, (_, i) => [i, i + 1])],
    ['node', Array.from({ length: 10 }, (_, i) => [i])],
  ]);
  const cut = { insert: new Map(), delete: new Map([['e', [[4, 5]]]]) };
  // 100 derived facts (every pair is a path or unreached) before and after the cut.
  expect(evaluate(compiled.value, input).update(cut, { limits: { maxDerivedFacts: 100 } }).evaluation.stats.derivedFacts).toBe(100);
  expect(() => evaluate(compiled.value, input).update(cut, { limits: { maxDerivedFacts: 99 } })).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
  const aborted = new AbortController();
  aborted.abort('test');
  expect(() => evaluate(compiled.value, input).update(cut, { signal: aborted.signal })).toThrow(expect.objectContaining({ code: 'TIMEOUT' }));
});
