import { invariant } from '../../errors';
import { predicateKey, type Atom, type Expr, type Literal, type Rule } from '../syntax/ast';
import { aggregateLocals, exprVariables } from '../analysis/variables';
import type { ArgAction, ExprPlan, PlanStep, RulePlan } from './RulePlan';

export interface PlanOptions {
  /** The positive atom (by source position among positive atoms) that reads the delta, or -1. */
  deltaAtom: number;
  /** Bind head variables first (proof search: the conclusion is known). */
  headBound: boolean;
  /** Interns a constant to its value id. */
  intern: (value: string | number) => number;
  /** Facts known for a predicate now, to break ties in favour of the smaller relation (unknown: Infinity). */
  sizeOf?: (predicate: string) => number;
}

/**
 * Chooses a join order greedily: the delta atom first (it is the small one),
 * then each time the atom with the most arguments already known — so that it
 * is an index lookup rather than a scan — and every filter (comparison,
 * negation, assignment, aggregate) as soon as its variables are bound.
 * Indexes follow from the order: the known columns of each atom.
 */
export function planRule(rule: Rule, options: PlanOptions): RulePlan {
  const registers: string[] = [];
  const regOf = new Map<string, number>();
  const reg = (name: string): number => {
    let r = regOf.get(name);
    if (r === undefined) {
      r = registers.length;
      registers.push(name);
      regOf.set(name, r);
    }
    return r;
  };
  const bound = new Set<string>();
  const steps: PlanStep[] = [];
  if (options.headBound) {
    // The proof searcher writes the conclusion's values into these registers.
    for (const arg of rule.head.args) {
      if (arg.kind !== 'var') continue;
      reg(arg.name);
      bound.add(arg.name);
    }
  }
  const positives: Array<{ atom: Atom; atomIndex: number }> = [];
  const filters: Array<{ literal: Literal; index: number }> = [];
  let aggregateCounter = 0;
  const aggregateIndexOf = new Map<Literal, number>();
  rule.body.forEach((literal, index) => {
    if (literal.kind === 'positive') positives.push({ atom: literal.atom, atomIndex: positives.length });
    else {
      if (literal.kind === 'aggregate') aggregateIndexOf.set(literal, aggregateCounter++);
      filters.push({ literal, index });
    }
  });
  const ctx = { reg, bound, intern: options.intern };
  const placeFilters = (): void => {
    let placed = true;
    while (placed) {
      placed = false;
      for (let i = 0; i < filters.length; i++) {
        const step = tryFilter(filters[i].literal, ctx, rule, aggregateIndexOf);
        if (step) {
          steps.push(step);
          filters.splice(i, 1);
          placed = true;
          break;
        }
      }
    }
  };
  placeFilters();
  const remaining = [...positives];
  if (options.deltaAtom >= 0) {
    const at = remaining.findIndex((p) => p.atomIndex === options.deltaAtom);
    invariant(at >= 0, 'delta atom must be a positive atom of the rule');
    steps.push(atomStep(remaining[at].atom, remaining[at].atomIndex, ctx));
    remaining.splice(at, 1);
    placeFilters();
  }
  const sizeOf = options.sizeOf ?? (() => Number.POSITIVE_INFINITY);
  while (remaining.length > 0) {
    let best = 0;
    let bestScore = -1;
    let bestSize = Number.POSITIVE_INFINITY;
    remaining.forEach((p, i) => {
      const score = p.atom.args.filter((a) => a.kind === 'const' || (a.kind === 'var' && bound.has(a.name))).length;
      const size = sizeOf(predicateKey(p.atom.predicate, p.atom.args.length));
      if (score > bestScore || (score === bestScore && size < bestSize)) {
        best = i;
        bestScore = score;
        bestSize = size;
      }
    });
    steps.push(atomStep(remaining[best].atom, remaining[best].atomIndex, ctx));
    remaining.splice(best, 1);
    placeFilters();
  }
  invariant(filters.length === 0, `rule at line ${rule.loc.line} has a filter whose variables are never bound (analysis should have refused it)`);
  const head = rule.head.args.map((arg) => {
    if (arg.kind === 'const') return { kind: 'const' as const, id: options.intern(arg.value) };
    invariant(arg.kind === 'var' && bound.has(arg.name), 'head variables are bound (safety)');
    return { kind: 'reg' as const, reg: reg(arg.name) };
  });
  return {
    rule,
    registers,
    steps,
    headPredicate: predicateKey(rule.head.predicate, rule.head.args.length),
    head,
    atomCount: positives.length,
    deltaAtom: options.deltaAtom,
  };
}

interface PlanContext {
  reg: (name: string) => number;
  bound: Set<string>;
  intern: (value: string | number) => number;
}

function atomStep(atom: Atom, atomIndex: number, ctx: PlanContext): PlanStep {
  const { args, keyColumns } = argActions(atom, ctx, true);
  return { kind: 'atom', atomIndex, predicate: predicateKey(atom.predicate, atom.args.length), args, keyColumns };
}

function argActions(atom: Atom, ctx: PlanContext, binds: boolean): { args: ArgAction[]; keyColumns: number[] } {
  const knownOnEntry = new Set(ctx.bound);
  const keyColumns: number[] = [];
  const args = atom.args.map((arg, column): ArgAction => {
    if (arg.kind === 'anon') return { kind: 'anon' };
    if (arg.kind === 'const') {
      keyColumns.push(column);
      return { kind: 'const', id: ctx.intern(arg.value) };
    }
    if (knownOnEntry.has(arg.name)) keyColumns.push(column);
    // A variable repeated within the atom: bound by its first column, checked by the others.
    if (ctx.bound.has(arg.name)) return { kind: 'check', reg: ctx.reg(arg.name) };
    invariant(binds, 'negated atoms only read bound variables (safety)');
    ctx.bound.add(arg.name);
    return { kind: 'bind', reg: ctx.reg(arg.name) };
  });
  return { args, keyColumns };
}

function exprPlan(expr: Expr, ctx: PlanContext): ExprPlan {
  switch (expr.kind) {
    case 'var':
      return { kind: 'reg', reg: ctx.reg(expr.name) };
    case 'const':
      return { kind: 'const', id: ctx.intern(expr.value) };
    case 'binary':
      return { kind: 'binary', op: expr.op, left: exprPlan(expr.left, ctx), right: exprPlan(expr.right, ctx) };
    case 'anon':
      invariant(false, '_ is not an expression');
  }
}

function allBound(names: string[], bound: Set<string>): boolean {
  return names.every((name) => bound.has(name));
}

/** The step for a filter literal if its inputs are bound now, else undefined. */
function tryFilter(literal: Literal, ctx: PlanContext, rule: Rule, aggregateIndexOf: Map<Literal, number>): PlanStep | undefined {
  switch (literal.kind) {
    case 'negated': {
      const names = literal.atom.args.flatMap((a) => (a.kind === 'var' ? [a.name] : []));
      if (!allBound(names, ctx.bound)) return undefined;
      const { args, keyColumns } = argActions(literal.atom, ctx, false);
      return { kind: 'negation', predicate: predicateKey(literal.atom.predicate, literal.atom.args.length), args, keyColumns };
    }
    case 'compare': {
      const left = exprVariables(literal.left);
      const right = exprVariables(literal.right);
      if (allBound(left, ctx.bound) && allBound(right, ctx.bound)) {
        return { kind: 'compare', op: literal.op, left: exprPlan(literal.left, ctx), right: exprPlan(literal.right, ctx) };
      }
      if (literal.op !== '=') return undefined;
      for (const [target, source] of [
        [literal.left, literal.right],
        [literal.right, literal.left],
      ] as const) {
        if (target.kind === 'var' && !ctx.bound.has(target.name) && allBound(exprVariables(source), ctx.bound)) {
          const expr = exprPlan(source, ctx);
          ctx.bound.add(target.name);
          return { kind: 'assign', reg: ctx.reg(target.name), expr };
        }
      }
      return undefined;
    }
    case 'aggregate': {
      const index = rule.body.indexOf(literal);
      const locals = aggregateLocals(rule.body, index, rule.head);
      const group = [...new Set(innerVariables(literal))].filter((name) => !locals.has(name) && name !== literal.result.name);
      if (!allBound(group, ctx.bound)) return undefined;
      // Plan the body like a small rule of its own, with the group variables known.
      const innerBound = new Set(ctx.bound);
      const innerCtx: PlanContext = { reg: ctx.reg, bound: innerBound, intern: ctx.intern };
      const innerSteps: PlanStep[] = [];
      const atoms = literal.body.flatMap((l) => (l.kind === 'positive' ? [l.atom] : []));
      const pending = literal.body.filter((l) => l.kind !== 'positive');
      const placePending = (): void => {
        for (let i = 0; i < pending.length; i++) {
          const step = tryFilter(pending[i], innerCtx, rule, aggregateIndexOf);
          if (step) {
            innerSteps.push(step);
            pending.splice(i, 1);
            i = -1;
          }
        }
      };
      const remaining = atoms.map((atom, atomIndex) => ({ atom, atomIndex }));
      placePending();
      while (remaining.length > 0) {
        let best = 0;
        let bestScore = -1;
        remaining.forEach((p, i) => {
          const score = p.atom.args.filter((a) => a.kind === 'const' || (a.kind === 'var' && innerBound.has(a.name))).length;
          if (score > bestScore) {
            best = i;
            bestScore = score;
          }
        });
        innerSteps.push(atomStep(remaining[best].atom, remaining[best].atomIndex, innerCtx));
        remaining.splice(best, 1);
        placePending();
      }
      invariant(pending.length === 0, 'aggregate filters are bound (safety)');
      const resultBound = ctx.bound.has(literal.result.name);
      const step: PlanStep = {
        kind: 'aggregate',
        aggregateIndex: aggregateIndexOf.get(literal)!,
        fn: literal.fn,
        resultReg: ctx.reg(literal.result.name),
        resultBound,
        target: literal.target ? exprPlan(literal.target, innerCtx) : undefined,
        steps: innerSteps,
        atomCount: atoms.length,
      };
      ctx.bound.add(literal.result.name);
      return step;
    }
    case 'positive':
      return undefined;
  }
}

function innerVariables(literal: Extract<Literal, { kind: 'aggregate' }>): string[] {
  const names: string[] = [];
  if (literal.target) exprVariables(literal.target, names);
  for (const inner of literal.body) {
    if (inner.kind === 'positive' || inner.kind === 'negated') for (const a of inner.atom.args) if (a.kind === 'var') names.push(a.name);
    if (inner.kind === 'compare') names.push(...exprVariables(inner.left), ...exprVariables(inner.right));
  }
  return names;
}

