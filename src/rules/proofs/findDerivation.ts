import type { Store } from '../eval/evaluate';
import { compilePlan, type ExecutionContext } from '../eval/executor';
import type { Relation } from '../eval/Relation';
import { planRule } from '../plan/planRule';
import { predicateKey, type Constant, type Literal, type Rule } from '../syntax/ast';
import { aggregateLocals, literalVariables } from '../analysis/variables';
import type { Derivation, Fact } from './Proof';

/** Thrown inside the join to stop at the first match; never escapes this module. */
const FOUND = Symbol('found');

interface ProofPlan {
  rule: Rule;
  run: (env: Int32Array) => void;
  ctx: ExecutionContext & { trace: NonNullable<ExecutionContext['trace']> };
  registers: string[];
  atomRelations: Relation[];
  headRegs: Array<number | null>;
  outerVariables: string[];
}

/**
 * Proofs on demand. Evaluation records nothing per fact but the epoch blocks
 * of each relation; asked for a proof, we re-run each rule for the fact's
 * predicate with its head bound to the fact, reading only facts of earlier
 * epochs. The first match is a derivation whose premises are strictly older,
 * so following premises terminates, and since a fact's epoch is its shortest
 * proof height within its stratum, the proof found is a shortest one.
 */
export class DerivationFinder {
  private readonly plans = new Map<Rule, ProofPlan>();

  constructor(private readonly store: Store) {}

  /** Where the fact is stored, or undefined when it does not hold. */
  locate(fact: Fact): { rel: Relation; row: number; epoch: number } | undefined {
    const rel = this.store.relations.get(predicateKey(fact.predicate, fact.args.length));
    if (!rel) return undefined;
    const tuple = new Int32Array(Math.max(1, fact.args.length));
    for (let k = 0; k < fact.args.length; k++) {
      const id = this.store.dictionary.lookup(fact.args[k]);
      if (id < 0) return undefined;
      tuple[k] = id;
    }
    const row = rel.find(tuple);
    return row < 0 ? undefined : { rel, row, epoch: rel.epochOfRow(row) };
  }

  /** 'input' for a given fact, a derivation for a derived one, undefined if it does not hold. */
  find(fact: Fact): Derivation | 'input' | undefined {
    const at = this.locate(fact);
    if (!at) return undefined;
    if (at.epoch === 0) return 'input';
    const key = at.rel.key;
    for (const rule of this.store.program.ast.rules) {
      if (predicateKey(rule.head.predicate, rule.head.args.length) !== key) continue;
      const derivation = this.tryRule(rule, at.rel, at.row, at.epoch);
      if (derivation) return derivation;
    }
    throw new Error(`Invariant violation: no derivation found for ${key} at row ${at.row}`);
  }

  private tryRule(rule: Rule, rel: Relation, row: number, epoch: number): Derivation | undefined {
    const plan = this.planFor(rule);
    const env = new Int32Array(Math.max(1, plan.registers.length));
    const data = rel.data;
    for (let k = 0; k < rel.arity; k++) {
      const value = data[row * rel.arity + k];
      const arg = rule.head.args[k];
      if (arg.kind === 'const') {
        if (this.store.dictionary.lookup(arg.value) !== value) return undefined;
        continue;
      }
      const reg = plan.headRegs[k]!;
      const earlier = rule.head.args.findIndex((a) => a.kind === 'var' && arg.kind === 'var' && a.name === arg.name);
      if (earlier < k && env[reg] !== value) return undefined;
      env[reg] = value;
    }
    plan.atomRelations.forEach((r, i) => {
      plan.ctx.bounds[2 * i] = 0;
      plan.ctx.bounds[2 * i + 1] = r.rowsBefore(epoch);
    });
    plan.ctx.trace.aggregates = [];
    try {
      plan.run(env);
    } catch (signal) {
      if (signal === FOUND) return this.describe(plan, env, rel.decodeRow(row, this.store.dictionary));
      throw signal;
    }
    return undefined;
  }

  private describe(plan: ProofPlan, env: Int32Array, conclusion: Constant[]): Derivation {
    const { dictionary } = this.store;
    const rule = plan.rule;
    const substitution: Record<string, Constant> = {};
    for (const name of plan.outerVariables) substitution[name] = dictionary.valueOf(env[plan.registers.indexOf(name)]);
    const premises = plan.atomRelations.map((rel, i) => this.factAt(rel, plan.ctx.trace.rows[i]));
    const absent = rule.body.flatMap((l) =>
      l.kind === 'negated' ? [{ predicate: l.atom.predicate, args: l.atom.args.map((a) => (a.kind === 'const' ? a.value : a.kind === 'var' ? substitution[a.name] : null)) }] : [],
    );
    const aggregateLiterals = rule.body.filter((l): l is Extract<Literal, { kind: 'aggregate' }> => l.kind === 'aggregate');
    const aggregates = aggregateLiterals.map((literal, i) => ({
      variable: literal.result.name,
      fn: literal.fn,
      value: substitution[literal.result.name],
      facts: (plan.ctx.trace.aggregates[i] ?? []).map((group) => group.map(([key, row]) => this.factAt(this.store.relations.get(key)!, row))),
    }));
    return {
      fact: { predicate: rule.head.predicate, args: conclusion },
      rule: { text: rule.text, line: rule.loc.line },
      substitution,
      premises,
      absent,
      aggregates,
    };
  }

  private factAt(rel: Relation, row: number): Fact {
    return { predicate: rel.key.slice(0, rel.key.lastIndexOf('/')), args: rel.decodeRow(row, this.store.dictionary) };
  }

  private planFor(rule: Rule): ProofPlan {
    let cached = this.plans.get(rule);
    if (cached) return cached;
    const { dictionary, relations } = this.store;
    const plan = planRule(rule, { deltaAtom: -1, headBound: true, intern: (v) => dictionary.intern(v), sizeOf: (p) => relations.get(p)?.size ?? 0 });
    const ctx = {
      relations,
      dictionary,
      bounds: new Int32Array(2 * Math.max(1, plan.atomCount)),
      trace: { rows: new Int32Array(Math.max(1, plan.atomCount)), aggregates: [] as Array<Array<Array<[string, number]>>> },
    };
    const run = compilePlan(plan, ctx, () => {
      throw FOUND;
    });
    const outer = new Set<string>();
    for (const a of rule.head.args) if (a.kind === 'var') outer.add(a.name);
    rule.body.forEach((literal, i) => {
      if (literal.kind === 'aggregate') {
        outer.add(literal.result.name);
        const locals = aggregateLocals(rule.body, i, rule.head);
        for (const name of literalVariables(literal)) if (!locals.has(name)) outer.add(name);
      } else for (const name of literalVariables(literal)) outer.add(name);
    });
    cached = {
      rule,
      run,
      ctx,
      registers: plan.registers,
      atomRelations: rule.body.flatMap((l) => (l.kind === 'positive' ? [relations.get(predicateKey(l.atom.predicate, l.atom.args.length))!] : [])),
      headRegs: rule.head.args.map((a) => (a.kind === 'var' ? plan.registers.indexOf(a.name) : null)),
      outerVariables: [...outer],
    };
    this.plans.set(rule, cached);
    return cached;
  }
}
