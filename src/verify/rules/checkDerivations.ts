import type { VerifyOutcome } from '../VerifyOutcome';
import { canonical, readStatements, TextError, type Atom, type Expr, type Lit, type ParsedRule, type Term, type Value } from './datalogText';

export interface Fact {
  predicate: string;
  args: Value[];
}

export interface ProofsToCheck {
  /** Statements of the program file, read by datalogText (not the engine). */
  statements: ParsedRule[];
  /** Facts from the facts files. */
  givenFacts: Fact[];
  /** The result as printed: predicate (name or name/arity) → tuples. */
  resultFacts: Record<string, Value[][]>;
  derivations: unknown[];
}

type Subst = Map<string, Value>;
const keyOf = (f: Fact): string => JSON.stringify([f.predicate, ...f.args]);
const show = (f: Fact): string => `${f.predicate}(${f.args.map((a) => JSON.stringify(a)).join(', ')})`;

class Invalid extends Error {
  constructor(
    readonly step: string,
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * Replays every derivation by plain enumeration: the rule re-read and found in
 * the program, the substitution applied to head and body, each premise a given
 * fact or the conclusion of an earlier derivation, negated atoms absent from
 * the result, comparisons true, aggregates recomputed over the result.
 * Finally every printed fact must be given or derived.
 */
export function checkDerivations(input: ProofsToCheck): VerifyOutcome {
  try {
    const rules = new Set<string>();
    const given: Fact[] = [...input.givenFacts];
    for (const statement of input.statements) {
      if (statement.body.length > 0) rules.add(canonical(statement));
      else given.push({ predicate: statement.head.pred, args: statement.head.args.map((a) => (a.t === 'const' ? a.value : '')) });
    }
    const universe = new Universe();
    for (const f of given) universe.add(f);
    const result: Fact[] = [];
    for (const [name, tuples] of Object.entries(input.resultFacts)) {
      const predicate = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : name;
      if (!Array.isArray(tuples)) throw new Invalid('facts', `facts of ${name} are not a list`);
      for (const args of tuples) {
        if (!Array.isArray(args) || !args.every(isValue)) throw new Invalid('facts', `a fact of ${name} is not a list of strings and numbers`);
        const fact = { predicate, args };
        if (name.includes('/') && `${predicate}/${args.length}` !== name) throw new Invalid('facts', `${show(fact)} does not have the arity of ${name}`);
        result.push(fact);
        universe.add(fact);
      }
    }
    const proved = new Set(given.map(keyOf));
    input.derivations.forEach((raw, i) => {
      const conclusion = checkOne(raw, `derivation ${i}`, rules, proved, universe);
      proved.add(keyOf(conclusion));
    });
    for (const fact of result) {
      if (!proved.has(keyOf(fact))) throw new Invalid('facts', `${show(fact)} is printed but neither given nor derived`);
    }
    return { valid: true, checked: `${input.derivations.length} derivations of ${result.length} facts` };
  } catch (error) {
    if (error instanceof Invalid) return { valid: false, step: error.step, reason: error.message };
    throw error;
  }
}

function checkOne(raw: unknown, where: string, rules: Set<string>, proved: Set<string>, universe: Universe): Fact {
  const d = raw as Record<string, unknown>;
  if (!isRecord(d) || !isFact(d.fact) || !isRecord(d.rule) || typeof d.rule.text !== 'string' || !isRecord(d.substitution) || !Array.isArray(d.premises)) {
    throw new Invalid(where, 'expected {fact, rule: {text}, substitution, premises, absent, aggregates}');
  }
  const step = `${where} (${show(d.fact)})`;
  let rule: ParsedRule;
  try {
    const statements = readStatements(d.rule.text);
    if (statements.length !== 1 || statements[0].body.length === 0) throw new TextError('expected exactly one rule');
    rule = statements[0];
  } catch (error) {
    throw new Invalid(step, `rule text does not read as a rule: ${(error as Error).message}`);
  }
  if (!rules.has(canonical(rule))) throw new Invalid(step, `rule "${d.rule.text}" is not a rule of the program`);
  const sigma: Subst = new Map();
  for (const [name, value] of Object.entries(d.substitution)) {
    if (!isValue(value)) throw new Invalid(step, `substitution of ${name} is not a string or a number`);
    sigma.set(name, value);
  }
  const outer = outerVariables(rule);
  for (const name of outer) if (!sigma.has(name)) throw new Invalid(step, `substitution gives no value to ${name}`);
  for (const name of sigma.keys()) if (!outer.has(name)) throw new Invalid(step, `substitution names ${name}, which is not a variable of the rule outside aggregates`);

  const head = instantiate(rule.head, sigma);
  if (head.some((v) => v === null) || !sameFact({ predicate: rule.head.pred, args: head as Value[] }, d.fact)) {
    throw new Invalid(step, `the rule's head under the substitution is ${rule.head.pred}(${head.map((v) => JSON.stringify(v)).join(', ')}), not the conclusion`);
  }
  const positives = rule.body.filter((l): l is Extract<Lit, { t: 'atom' }> => l.t === 'atom');
  const premises: unknown[] = d.premises;
  if (premises.length !== positives.length) throw new Invalid(step, `${positives.length} premises expected (one per positive body atom), ${premises.length} given`);
  positives.forEach((literal, k) => {
    const premise = premises[k];
    if (!isFact(premise)) throw new Invalid(step, `premise ${k} is not a fact`);
    if (!matches(literal.atom, sigma, premise)) throw new Invalid(step, `premise ${k} ${show(premise)} does not match ${literal.atom.pred} under the substitution`);
    if (!proved.has(keyOf(premise))) throw new Invalid(step, `premise ${k} ${show(premise)} is neither a given fact nor proved by an earlier derivation`);
  });
  let aggregateIndex = 0;
  const aggregates = Array.isArray(d.aggregates) ? d.aggregates : [];
  for (const literal of rule.body) {
    if (literal.t === 'not') {
      const ground = instantiate(literal.atom, sigma);
      // A ground negated atom is one set lookup; with `_` in it, a scan of its predicate.
      const found = ground.every((v) => v !== null)
        ? universe.get({ predicate: literal.atom.pred, args: ground as Value[] })
        : universe.of(literal.atom.pred, literal.atom.args.length).find((f) => matches(literal.atom, sigma, f));
      if (found) throw new Invalid(step, `negated atom ${literal.atom.pred} holds: ${show(found)} is in the result`);
    } else if (literal.t === 'cmp') {
      if (!compareHolds(literal.op, evaluate(literal.l, sigma), evaluate(literal.r, sigma))) throw new Invalid(step, `comparison ${literal.op} does not hold under the substitution`);
    } else if (literal.t === 'agg') {
      checkAggregate(literal, sigma, aggregates[aggregateIndex++], step, proved, universe);
    }
  }
  return d.fact;
}

function checkAggregate(literal: Extract<Lit, { t: 'agg' }>, sigma: Subst, claimed: unknown, step: string, proved: Set<string>, universe: Universe): void {
  // Enumerate every match of the body over the result, extending sigma with the local variables.
  const atoms = literal.body.filter((l): l is Extract<Lit, { t: 'atom' }> => l.t === 'atom');
  const tests = literal.body.filter((l): l is Extract<Lit, { t: 'cmp' }> => l.t === 'cmp');
  const matchesFound: Array<{ facts: Fact[]; binding: Subst }> = [];
  const walk = (k: number, binding: Subst, facts: Fact[]): void => {
    if (k === atoms.length) {
      const complete = withAssignments(tests, binding);
      if (complete && tests.every((c) => compareHolds(c.op, evaluate(c.l, complete), evaluate(c.r, complete)))) matchesFound.push({ facts, binding: complete });
      return;
    }
    const atom = atoms[k].atom;
    for (const fact of universe.of(atom.pred, atom.args.length)) {
      const extended = unify(atom, binding, fact);
      if (extended) walk(k + 1, extended, [...facts, fact]);
    }
  };
  walk(0, sigma, []);
  let value: Value | undefined;
  if (literal.fn === 'count') value = matchesFound.length;
  else {
    const values = matchesFound.map((m) => evaluate(literal.target!, m.binding)).filter((v): v is Value => v !== undefined);
    if (literal.fn === 'sum') value = values.filter((v): v is number => typeof v === 'number').reduce((a, b) => a + b, 0);
    else for (const v of values) if (value === undefined || (literal.fn === 'min' ? order(v, value) < 0 : order(v, value) > 0)) value = v;
  }
  if (value === undefined || sigma.get(literal.result) !== value) {
    throw new Invalid(step, `${literal.result} = ${literal.fn} is ${JSON.stringify(value ?? null)} over the result, the substitution says ${JSON.stringify(sigma.get(literal.result))}`);
  }
  if (!isRecord(claimed) || !Array.isArray(claimed.facts)) throw new Invalid(step, `aggregate ${literal.result} lists no facts`);
  const expected = new Set(matchesFound.map((m) => JSON.stringify(m.facts.map(keyOf))));
  const listed = new Set<string>();
  for (const group of claimed.facts) {
    if (!Array.isArray(group) || !group.every(isFact)) throw new Invalid(step, `aggregate ${literal.result}: a group is not a list of facts`);
    for (const f of group) if (!proved.has(keyOf(f))) throw new Invalid(step, `aggregate ${literal.result}: ${show(f)} is neither given nor proved earlier`);
    listed.add(JSON.stringify(group.map(keyOf)));
  }
  if (listed.size !== expected.size || [...listed].some((g) => !expected.has(g))) {
    throw new Invalid(step, `aggregate ${literal.result}: the facts listed (${listed.size} groups) are not the ${expected.size} matches in the result`);
  }
}

/** Local `X = expr` (or `expr = X`) inside an aggregate body binds X; then every comparison is tested. */
function withAssignments(tests: Array<Extract<Lit, { t: 'cmp' }>>, binding: Subst): Subst | undefined {
  const out = new Map(binding);
  for (let changed = true; changed; ) {
    changed = false;
    for (const c of tests) {
      if (c.op !== '=') continue;
      for (const [target, source] of [
        [c.l, c.r],
        [c.r, c.l],
      ]) {
        if (target.t !== 'var' || out.has(target.name)) continue;
        const v = evaluate(source, out);
        if (v !== undefined) (out.set(target.name, v), (changed = true));
      }
    }
  }
  return out;
}

/** Variables outside aggregates, aggregate results, and aggregate variables shared with the rest. */
function outerVariables(rule: ParsedRule): Set<string> {
  const outside = new Set<string>();
  const termVars = (ts: Term[]): void => ts.forEach((t) => t.t === 'var' && outside.add(t.name));
  const exprVars = (e: Expr, into: Set<string>): void => {
    if (e.t === 'var') into.add(e.name);
    else if (e.t === 'op') (exprVars(e.l, into), exprVars(e.r, into));
  };
  termVars(rule.head.args);
  for (const l of rule.body) {
    if (l.t === 'atom' || l.t === 'not') termVars(l.atom.args);
    else if (l.t === 'cmp') (exprVars(l.l, outside), exprVars(l.r, outside));
    else outside.add(l.result);
  }
  return outside;
}

function instantiate(atom: Atom, sigma: Subst): Array<Value | null> {
  return atom.args.map((t) => (t.t === 'const' ? t.value : t.t === 'var' ? (sigma.get(t.name) ?? null) : null));
}

function matches(atom: Atom, sigma: Subst, fact: Fact): boolean {
  if (fact.predicate !== atom.pred || fact.args.length !== atom.args.length) return false;
  return atom.args.every((t, k) => t.t === 'anon' || (t.t === 'const' ? t.value === fact.args[k] : sigma.get(t.name) === fact.args[k]));
}

function unify(atom: Atom, binding: Subst, fact: Fact): Subst | undefined {
  const out = new Map(binding);
  for (let k = 0; k < atom.args.length; k++) {
    const t = atom.args[k];
    const v = fact.args[k];
    if (t.t === 'anon') continue;
    if (t.t === 'const') {
      if (t.value !== v) return undefined;
    } else if (out.has(t.name)) {
      if (out.get(t.name) !== v) return undefined;
    } else out.set(t.name, v);
  }
  return out;
}

function evaluate(e: Expr, sigma: Subst): Value | undefined {
  if (e.t === 'const') return e.value;
  if (e.t === 'var') return sigma.get(e.name);
  if (e.t === 'anon') return undefined;
  const l = evaluate(e.l, sigma);
  const r = evaluate(e.r, sigma);
  if (typeof l !== 'number' || typeof r !== 'number') return undefined;
  const v = e.op === '+' ? l + r : e.op === '-' ? l - r : e.op === '*' ? l * r : r === 0 ? NaN : l / r;
  return Number.isFinite(v) ? v : undefined;
}

/** Numbers by value, before strings; strings by UTF-16 code units. */
function order(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareHolds(op: string, a: Value | undefined, b: Value | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const c = order(a, b);
  return op === '=' ? a === b : op === '!=' ? a !== b : op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
}

class Universe {
  private readonly byPredicate = new Map<string, Fact[]>();
  private readonly keys = new Set<string>();
  add(fact: Fact): void {
    const key = keyOf(fact);
    if (this.keys.has(key)) return;
    this.keys.add(key);
    const id = `${fact.predicate}/${fact.args.length}`;
    const list = this.byPredicate.get(id) ?? [];
    list.push(fact);
    this.byPredicate.set(id, list);
  }
  get(fact: Fact): Fact | undefined {
    return this.keys.has(keyOf(fact)) ? fact : undefined;
  }
  of(predicate: string, arity: number): Fact[] {
    return this.byPredicate.get(`${predicate}/${arity}`) ?? [];
  }
}

function sameFact(a: Fact, b: Fact): boolean {
  return keyOf(a) === keyOf(b);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function isValue(x: unknown): x is Value {
  return typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x));
}

function isFact(x: unknown): x is Fact {
  return isRecord(x) && typeof x.predicate === 'string' && Array.isArray(x.args) && x.args.every(isValue);
}
