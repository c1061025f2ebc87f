import { planRule } from '../plan/planRule';
import type { PlanStep, RulePlan } from '../plan/RulePlan';
import { predicateKey, type Rule } from '../syntax/ast';
import type { DeltaRule } from './deltaRules';
import type { Store } from './evaluate';
import { compilePlan, type ExecutionContext } from './executor';
import type { Budget } from './limits';
import { Relation } from './Relation';

/** Key of the scratch relation a delta atom reads: no predicate has it. */
const DELTA = '\u0394';

/** Thrown inside a head-bound join to stop at the first match; never escapes this module. */
const FOUND = Symbol('found');

const positiveKeys = (rule: Rule): string[] => rule.body.flatMap((l) => (l.kind === 'positive' ? [predicateKey(l.atom.predicate, l.atom.args.length)] : []));

/**
 * Joins a delta rule: its delta atom reads `delta`, the other positive atoms
 * their relations (rows below `sizes` where given, else all), negations and
 * aggregates the relations as they are. `emit` gets each head as a tuple of
 * the real head predicate (a scratch array: copy it to keep it); columns the
 * rule leaves open (headColumns -1) hold 0.
 */
export function runDeltaRule(store: Store, delta: DeltaRule, facts: Relation, budget: Budget, sizes: ReadonlyMap<string, number> | undefined, emit: (tuple: Int32Array) => void): void {
  if (facts.size === 0) return;
  const { relations, dictionary } = store;
  const source = blanked(facts, delta.blankColumns);
  const atoms = positiveKeys(delta.rule);
  const plan = planRule(delta.rule, { deltaAtom: delta.deltaAtom, headBound: false, intern: (v) => dictionary.intern(v), sizeOf: (p) => relations.get(p)?.size ?? 0 });
  const deltaKey = DELTA + delta.deltaPredicate;
  const steps = plan.steps.map((step): PlanStep => (step.kind === 'atom' && step.atomIndex === delta.deltaAtom ? { ...step, predicate: deltaKey } : step));
  const view = new Map(relations);
  view.set(deltaKey, source);
  const bounds = new Int32Array(2 * Math.max(1, atoms.length));
  atoms.forEach((key, a) => {
    bounds[2 * a + 1] = a === delta.deltaAtom ? source.size : (sizes?.get(key) ?? relations.get(key)?.size ?? 0);
  });
  const ctx: ExecutionContext = { relations: view, dictionary, bounds, trace: null, onReject: () => budget.tick() };
  const tuple = new Int32Array(Math.max(1, delta.headColumns.length));
  const columns = delta.headColumns;
  const run = compilePlan({ ...plan, steps }, ctx, (env) => {
    budget.tick();
    for (let k = 0; k < columns.length; k++) {
      const h = columns[k] < 0 ? undefined : plan.head[columns[k]];
      tuple[k] = h === undefined ? 0 : h.kind === 'reg' ? env[h.reg] : h.id;
    }
    emit(tuple);
  });
  run(new Int32Array(Math.max(1, plan.registers.length)));
}

/** The facts with the ignored columns set to 0, so that facts differing only there are one row. */
function blanked(facts: Relation, columns: number[]): Relation {
  if (columns.length === 0) return facts;
  const out = new Relation(facts.key, facts.arity);
  const row = new Int32Array(Math.max(1, facts.arity));
  for (let r = 0; r < facts.size; r++) {
    row.set(facts.data.subarray(r * facts.arity, (r + 1) * facts.arity));
    for (const c of columns) row[c] = 0;
    out.insert(row);
  }
  return out;
}

/**
 * Whether a fact (not stored) has a one-step derivation from the facts stored
 * now, by one of `rules` run with the head bound: negations and aggregates
 * read the relations as they are, so the state they are asked against must
 * be up to date below the rules' stratum.
 */
export function rederivable(store: Store, rules: readonly Rule[]): (key: string, tuple: Int32Array) => boolean {
  const { relations, dictionary } = store;
  const compiled = new Map<Rule, { plan: RulePlan; run: (env: Int32Array) => void; bounds: Int32Array; atoms: string[] }>();
  const compiledFor = (rule: Rule) => {
    let entry = compiled.get(rule);
    if (entry) return entry;
    const plan = planRule(rule, { deltaAtom: -1, headBound: true, intern: (v) => dictionary.intern(v), sizeOf: (p) => relations.get(p)?.size ?? 0 });
    const atoms = positiveKeys(rule);
    const bounds = new Int32Array(2 * Math.max(1, atoms.length));
    const run = compilePlan(plan, { relations, dictionary, bounds, trace: null }, () => {
      throw FOUND;
    });
    compiled.set(rule, (entry = { plan, run, bounds, atoms }));
    return entry;
  };
  return (key, tuple) => {
    for (const rule of rules) {
      if (predicateKey(rule.head.predicate, rule.head.args.length) !== key) continue;
      const { plan, run, bounds, atoms } = compiledFor(rule);
      const env = new Int32Array(Math.max(1, plan.registers.length));
      const seen = new Set<string>();
      const fits = rule.head.args.every((arg, k) => {
        if (arg.kind === 'const') return dictionary.lookup(arg.value) === tuple[k];
        if (arg.kind !== 'var') return true;
        const reg = plan.registers.indexOf(arg.name);
        if (seen.has(arg.name)) return env[reg] === tuple[k];
        seen.add(arg.name);
        env[reg] = tuple[k];
        return true;
      });
      if (!fits) continue;
      atoms.forEach((k, a) => {
        bounds[2 * a] = 0;
        bounds[2 * a + 1] = relations.get(k)?.size ?? 0;
      });
      try {
        run(env);
      } catch (signal) {
        if (signal === FOUND) return true;
        throw signal;
      }
    }
    return false;
  };
}
