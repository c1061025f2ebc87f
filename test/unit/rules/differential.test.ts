/**
 * Differential property test: random stratified programs and random facts,
 * evaluated by the engine (both strategies) and by a deliberately naive
 * evaluator written here from the semantics (nested loops over all facts,
 * repeat until nothing changes). Every proof the engine prints must also pass
 * the independent checker.
 */
import fc from 'fast-check';
import { compile, evaluate, evalOutput, type Constant } from '../../../src/rules';
import { checkDerivations } from '../../../src/verify/rules/checkDerivations';
import { readStatements } from '../../../src/verify/rules/datalogText';

type Term = { v: string } | { c: Constant } | { anon: true };
interface GAtom {
  pred: string;
  args: Term[];
}
interface GRule {
  head: GAtom;
  pos: GAtom[];
  neg: GAtom[];
  cmp: Array<{ op: string; l: string; r: Term }>;
  assign?: { v: 'D'; from: string; plus: number };
  agg?: { v: 'N'; fn: 'count' | 'sum' | 'min' | 'max'; pred: string; group?: string };
}

// e/2 and f/1 are input; p0/1, p1/2, p2/2 are derived, pi reading pj (j <= i)
// positively and pj (j < i) under negation or aggregation: stratified by construction.
const ARITY: Record<string, number> = { e: 2, f: 1, p0: 1, p1: 2, p2: 2 };
const PREDS = ['e', 'f', 'p0', 'p1', 'p2'];
const DOMAIN: Constant[] = [0, 1, 2, 3, 'a', 'b'];
const VARS = ['A', 'B', 'C'];

const termArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...VARS).map((v): Term => ({ v })) }, { weight: 1, arbitrary: fc.constantFrom(...DOMAIN).map((c): Term => ({ c })) }, { weight: 1, arbitrary: fc.constant<Term>({ anon: true }) });
const atomArb = fc.record({ pred: fc.nat(4), args: fc.array(termArb, { minLength: 2, maxLength: 2 }) });
const ruleArb = fc.record({
  head: fc.nat(2),
  headArgs: fc.array(fc.oneof(fc.constantFrom('A', 'B', 'C', 'D', 'N'), fc.constantFrom(...DOMAIN)), { minLength: 2, maxLength: 2 }),
  pos: fc.array(atomArb, { minLength: 1, maxLength: 3 }),
  neg: fc.array(atomArb, { maxLength: 1 }),
  cmp: fc.array(fc.record({ op: fc.constantFrom('=', '!=', '<', '<=', '>', '>='), l: fc.constantFrom(...VARS), r: termArb }), { maxLength: 1 }),
  assign: fc.option(fc.record({ from: fc.constantFrom(...VARS), plus: fc.integer({ min: -1, max: 2 }) }), { nil: undefined }),
  agg: fc.option(fc.record({ fn: fc.constantFrom<'count' | 'sum' | 'min' | 'max'>('count', 'sum', 'min', 'max'), pred: fc.nat(4), group: fc.constantFrom('A', 'B', undefined) }), { nil: undefined }),
});
const factsArb = fc.record({
  e: fc.uniqueArray(fc.tuple(fc.constantFrom(...DOMAIN), fc.constantFrom(...DOMAIN)), { maxLength: 12, selector: (t) => JSON.stringify(t) }),
  f: fc.uniqueArray(fc.constantFrom(...DOMAIN), { maxLength: 4 }),
});

/** Turns raw draws into a safe, stratified rule (what is unbound is replaced, not rejected). */
function repair(raw: fc.RecordValue<typeof ruleArb extends fc.Arbitrary<infer R> ? R : never>): GRule {
  const headIndex = raw.head;
  const headPred = `p${headIndex}`;
  const positiveChoices = PREDS.slice(0, 3 + headIndex);
  const lowerChoices = PREDS.slice(0, 2 + headIndex);
  const shape = (pred: string, args: Term[]): GAtom => ({ pred, args: args.slice(0, ARITY[pred]) });
  const pos = raw.pos.map((a) => shape(positiveChoices[a.pred % positiveChoices.length], a.args));
  const bound = new Set(pos.flatMap((a) => a.args.flatMap((t) => ('v' in t ? [t.v] : []))));
  const onlyBound = (t: Term): Term => ('v' in t && !bound.has(t.v) ? { anon: true } : t);
  const neg = raw.neg.map((a) => shape(lowerChoices[a.pred % lowerChoices.length], a.args.map(onlyBound)));
  const cmp = raw.cmp.filter((c) => bound.has(c.l) && !('anon' in c.r) && (!('v' in c.r) || bound.has(c.r.v)));
  const readsOwn = pos.some((a) => a.pred === headPred);
  // Arithmetic feeding a recursive head is refused (DL008): only outside recursion.
  const assign = raw.assign && bound.has(raw.assign.from) && !readsOwn ? { v: 'D' as const, from: raw.assign.from, plus: raw.assign.plus } : undefined;
  const agg = raw.agg
    ? { v: 'N' as const, fn: raw.agg.fn, pred: lowerChoices[raw.agg.pred % lowerChoices.length], group: raw.agg.group && bound.has(raw.agg.group) ? raw.agg.group : undefined }
    : undefined;
  const available = new Set([...bound, ...(assign ? ['D'] : []), ...(agg ? ['N'] : [])]);
  const headArgs = raw.headArgs.slice(0, ARITY[headPred]).map((x, k): Term => {
    if (typeof x === 'string' && /^[A-Z]$/.test(x)) return available.has(x) ? { v: x } : { c: DOMAIN[k] };
    return { c: x };
  });
  return { head: { pred: headPred, args: headArgs }, pos, neg, cmp, assign, agg };
}

const showTerm = (t: Term): string => ('v' in t ? t.v : 'anon' in t ? '_' : JSON.stringify(t.c));
const showAtom = (a: GAtom): string => `${a.pred}(${a.args.map(showTerm).join(', ')})`;
function aggAtom(agg: NonNullable<GRule['agg']>): GAtom {
  const args: Term[] = ARITY[agg.pred] === 1 ? [{ v: 'L' }] : [agg.group ? { v: agg.group } : { anon: true }, { v: 'L' }];
  return { pred: agg.pred, args };
}
function showRule(r: GRule): string {
  const body = [
    ...r.pos.map(showAtom),
    ...r.neg.map((a) => `!${showAtom(a)}`),
    ...r.cmp.map((c) => `${c.l} ${c.op} ${showTerm(c.r)}`),
    ...(r.assign ? [`D = ${r.assign.from} + ${r.assign.plus}`] : []),
    ...(r.agg ? [`N = ${r.agg.fn}${r.agg.fn === 'count' ? '' : ' L'} : { ${showAtom(aggAtom(r.agg))} }`] : []),
  ];
  return `${showAtom(r.head)} :- ${body.join(', ')}.`;
}

// ---- the naive evaluator: the semantics, written as plainly as possible ----
type Db = Map<string, Map<string, Constant[]>>;
type Env = Map<string, Constant>;
const order = (a: Constant, b: Constant): number => (typeof a === 'number' && typeof b === 'number' ? a - b : typeof a !== typeof b ? (typeof a === 'number' ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0);
const valueOf = (t: Term, env: Env): Constant | undefined => ('v' in t ? env.get(t.v) : 'c' in t ? t.c : undefined);

function unify(atom: GAtom, fact: Constant[], env: Env): Env | undefined {
  const out = new Map(env);
  for (let k = 0; k < atom.args.length; k++) {
    const t = atom.args[k];
    if ('anon' in t) continue;
    if ('c' in t) {
      if (t.c !== fact[k]) return undefined;
    } else if (out.has(t.v)) {
      if (out.get(t.v) !== fact[k]) return undefined;
    } else out.set(t.v, fact[k]);
  }
  return out;
}

function matchAll(atoms: GAtom[], db: Db, env: Env): Env[] {
  if (atoms.length === 0) return [env];
  const [first, ...rest] = atoms;
  return [...(db.get(first.pred)?.values() ?? [])].flatMap((fact) => {
    const next = unify(first, fact, env);
    return next ? matchAll(rest, db, next) : [];
  });
}

function fire(rule: GRule, db: Db): Constant[][] {
  const out: Constant[][] = [];
  for (let env of matchAll(rule.pos, db, new Map())) {
    if (rule.neg.some((a) => matchAll([a], db, env).length > 0)) continue;
    if (!rule.cmp.every((c) => {
      const a = env.get(c.l)!;
      const b = valueOf(c.r, env)!;
      const o = order(a, b);
      return c.op === '=' ? a === b : c.op === '!=' ? a !== b : c.op === '<' ? o < 0 : c.op === '<=' ? o <= 0 : c.op === '>' ? o > 0 : o >= 0;
    })) continue;
    if (rule.assign) {
      const x = env.get(rule.assign.from);
      if (typeof x !== 'number') continue;
      env = new Map(env).set('D', x + rule.assign.plus);
    }
    if (rule.agg) {
      const matches = matchAll([aggAtom(rule.agg)], db, env);
      const values = matches.map((m) => m.get('L')!);
      let n: Constant | undefined;
      if (rule.agg.fn === 'count') n = matches.length;
      else if (rule.agg.fn === 'sum') n = values.filter((v): v is number => typeof v === 'number').reduce((a, b) => a + b, 0);
      else for (const v of values) if (n === undefined || (rule.agg.fn === 'min' ? order(v, n) < 0 : order(v, n) > 0)) n = v;
      if (n === undefined) continue;
      env = new Map(env).set('N', n);
    }
    out.push(rule.head.args.map((t) => valueOf(t, env)!));
  }
  return out;
}

function naiveEvaluate(rules: GRule[], facts: { e: Constant[][]; f: Constant[] }): Db {
  const db: Db = new Map(PREDS.map((p) => [p, new Map()]));
  for (const t of facts.e) db.get('e')!.set(JSON.stringify(t), t);
  for (const v of facts.f) db.get('f')!.set(JSON.stringify([v]), [v]);
  for (const pred of ['p0', 'p1', 'p2']) {
    for (let changed = true; changed; ) {
      changed = false;
      for (const rule of rules.filter((r) => r.head.pred === pred)) {
        for (const tuple of fire(rule, db)) {
          const key = JSON.stringify(tuple);
          if (!db.get(pred)!.has(key)) (db.get(pred)!.set(key, tuple), (changed = true));
        }
      }
    }
  }
  return db;
}

test('the engine agrees with a naive evaluator on random stratified programs', () => {
  fc.assert(
    fc.property(fc.array(ruleArb, { minLength: 1, maxLength: 5 }), factsArb, (rawRules, facts) => {
      const rules = rawRules.map(repair);
      const text = rules.map(showRule).join('\n');
      const compiled = compile(text);
      if (!compiled.ok) throw new Error(`refused:\n${text}\n${JSON.stringify(compiled.error)}`);
      const input = new Map<string, Constant[][]>([
        ['e', facts.e],
        ['f', facts.f.map((v) => [v])],
      ]);
      const expected = naiveEvaluate(rules, facts);
      for (const strategy of ['semi-naive', 'naive'] as const) {
        const evaluation = evaluate(compiled.value, input, { strategy });
        for (const key of evaluation.derivedPredicates()) {
          const pred = key.split('/')[0];
          const actual = evaluation.facts(key).map((t) => JSON.stringify(t)).sort();
          expect({ text, strategy, pred, facts: actual }).toEqual({ text, strategy, pred, facts: [...expected.get(pred)!.keys()].sort() });
        }
      }
      const output = evalOutput(evaluate(compiled.value, input), { program: { path: 'p.dl', sha256: '' }, factsFiles: [] });
      const givenFacts = [...facts.e.map((args) => ({ predicate: 'e', args })), ...facts.f.map((v) => ({ predicate: 'f', args: [v] }))];
      const verdict = checkDerivations({ statements: readStatements(text), givenFacts, resultFacts: output.facts, derivations: JSON.parse(JSON.stringify(output.proofs!.derivations)) });
      expect({ text, verdict }).toEqual({ text, verdict: expect.objectContaining({ valid: true }) });
    }),
    { numRuns: 300 },
  );
});

/** Reachability by repeated squaring of a boolean matrix: shares nothing with Datalog evaluation. */
function closureOf(n: number, edges: Array<[number, number]>): Set<string> {
  const reach = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  for (const [a, b] of edges) reach[a][b] = true;
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) if (reach[i][k]) for (let j = 0; j < n; j++) if (reach[k][j]) reach[i][j] = true;
  const out = new Set<string>();
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (reach[i][j]) out.add(JSON.stringify([i, j]));
  return out;
}

test.each([
  ['left-linear', 'path(X, Z) :- path(X, Y), edge(Y, Z).'],
  ['right-linear', 'path(X, Z) :- edge(X, Y), path(Y, Z).'],
  ['non-linear', 'path(X, Z) :- path(X, Y), path(Y, Z).'],
  ['mutual', 'path(X, Z) :- edge(X, Y), hop(Y, Z).\nhop(X, Y) :- path(X, Y).'],
])('%s transitive closure equals Warshall reachability on random graphs', (_, recursive) => {
  const program = compile(`path(X, Y) :- edge(X, Y).\n${recursive}`);
  if (!program.ok) throw new Error(JSON.stringify(program.error));
  fc.assert(
    fc.property(fc.uniqueArray(fc.tuple(fc.nat(11), fc.nat(11)), { maxLength: 40, selector: (t) => JSON.stringify(t) }), (edges) => {
      const expected = closureOf(12, edges as Array<[number, number]>);
      for (const strategy of ['semi-naive', 'naive'] as const) {
        const actual = evaluate(program.value, new Map([['edge', edges]]), { strategy }).facts('path/2');
        expect(new Set(actual.map((t) => JSON.stringify(t)))).toEqual(expected);
        expect(actual.length).toBe(expected.size);
      }
    }),
    { numRuns: 60 },
  );
});
