import type { Constant } from '../syntax/ast';
import type { ArgAction, ExprPlan, PlanStep, RulePlan } from '../plan/RulePlan';
import type { Dictionary } from './Dictionary';
import type { Relation } from './Relation';
import { applyArithmetic, compareValues, holds } from './values';

type Continuation = (env: Int32Array) => void;

/** What a compiled plan reads and where its proof traces go. */
export interface ExecutionContext {
  relations: Map<string, Relation>;
  dictionary: Dictionary;
  /** Per positive atom `i` of the rule: it reads rows [bounds[2i], bounds[2i+1]). Set before each run. */
  bounds: Int32Array;
  /**
   * Proof search only: the row each positive atom matched, and per aggregate
   * the row groups it aggregated. Null during evaluation, where the closures
   * built do not record anything.
   */
  trace: { rows: Int32Array; aggregates: Array<Array<Array<[string, number]>>> } | null;
  /**
   * Called when a filter rejects a combination, so that limits are watched
   * even in joins that derive nothing for a long time.
   */
  onReject?: () => void;
}

/**
 * Turns a plan into nested closures, one per step, the last one calling
 * `emit`. Closures are built once per plan and reused every round.
 */
export function compilePlan(plan: RulePlan, ctx: ExecutionContext, emit: Continuation): Continuation {
  return chain(plan.steps, 0, ctx, emit, ctx.trace ? ctx.trace.rows : null, false);
}

function chain(steps: PlanStep[], at: number, ctx: ExecutionContext, last: Continuation, traceRows: Int32Array | null, fullRange: boolean): Continuation {
  if (at === steps.length) return last;
  const next = chain(steps, at + 1, ctx, last, traceRows, fullRange);
  const step = steps[at];
  switch (step.kind) {
    case 'atom':
      return atomLoop(step, ctx, next, traceRows, fullRange);
    case 'negation':
      return negationFilter(step, ctx, next);
    case 'compare': {
      const left = valueOf(step.left, ctx.dictionary);
      const right = valueOf(step.right, ctx.dictionary);
      const op = step.op;
      const onReject = ctx.onReject ?? noop;
      return (env) => {
        const a = left(env);
        const b = right(env);
        if (a !== undefined && b !== undefined && holds(op, a, b)) next(env);
        else onReject();
      };
    }
    case 'assign': {
      const value = valueOf(step.expr, ctx.dictionary);
      const reg = step.reg;
      const dictionary = ctx.dictionary;
      return (env) => {
        const v = value(env);
        if (v === undefined) return;
        env[reg] = dictionary.intern(v);
        next(env);
      };
    }
    case 'aggregate':
      return aggregate(step, ctx, next);
  }
}

/** Nested-loop join step: scan a row range, or follow an index on the known columns. */
function atomLoop(step: Extract<PlanStep, { kind: 'atom' }>, ctx: ExecutionContext, next: Continuation, traceRows: Int32Array | null, fullRange: boolean): Continuation {
  const rel = ctx.relations.get(step.predicate)!;
  const arity = rel.arity;
  const { kinds, operands } = encodeArgs(step.args);
  const bounds = ctx.bounds;
  const loBound = 2 * step.atomIndex;
  const slot = step.atomIndex;
  const matches = (data: Int32Array, base: number, env: Int32Array): boolean => {
    for (let k = 0; k < arity; k++) {
      const v = data[base + k];
      const kind = kinds[k];
      if (kind === BIND) env[operands[k]] = v;
      else if (kind === CHECK) {
        if (env[operands[k]] !== v) return false;
      } else if (kind === CONST && operands[k] !== v) return false;
    }
    return true;
  };

  if (step.keyColumns.length === 0) {
    return (env) => {
      const lo = fullRange ? 0 : bounds[loBound];
      const hi = fullRange ? rel.size : bounds[loBound + 1];
      for (let row = lo; row < hi; row++) {
        if (!matches(rel.data, row * arity, env)) continue;
        if (traceRows !== null) traceRows[slot] = row;
        next(env);
      }
    };
  }
  const key = new Int32Array(step.keyColumns.length);
  const keyKinds = step.keyColumns.map((c) => kinds[c]);
  const keyOperands = step.keyColumns.map((c) => operands[c]);
  const fillKey = (env: Int32Array): void => {
    for (let k = 0; k < key.length; k++) key[k] = keyKinds[k] === CONST ? keyOperands[k] : env[keyOperands[k]];
  };
  if (step.keyColumns.length === arity) {
    // Every column known: a membership test against the relation's own hash set.
    return (env) => {
      const lo = fullRange ? 0 : bounds[loBound];
      const hi = fullRange ? rel.size : bounds[loBound + 1];
      fillKey(env);
      const row = rel.find(key);
      if (row >= lo && row < hi && matches(rel.data, row * arity, env)) {
        if (traceRows !== null) traceRows[slot] = row;
        next(env);
      }
    };
  }
  const index = rel.indexOn(step.keyColumns);
  return (env) => {
    const lo = fullRange ? 0 : bounds[loBound];
      const hi = fullRange ? rel.size : bounds[loBound + 1];
    fillKey(env);
    let row = index.first(rel.data, key);
    while (row !== -1 && row < lo) row = index.next[row];
    while (row !== -1 && row < hi) {
      if (matches(rel.data, row * arity, env)) {
        if (traceRows !== null) traceRows[slot] = row;
        next(env);
      }
      row = index.next[row];
    }
  };
}

/** Negation as failure over a complete lower stratum: no matching fact at all. */
function negationFilter(step: Extract<PlanStep, { kind: 'negation' }>, ctx: ExecutionContext, next: Continuation): Continuation {
  const rel = ctx.relations.get(step.predicate)!;
  const onReject = ctx.onReject ?? noop;
  const { kinds, operands } = encodeArgs(step.args);
  const key = new Int32Array(step.keyColumns.length);
  const fillKey = (env: Int32Array): void => {
    step.keyColumns.forEach((c, k) => (key[k] = kinds[c] === CONST ? operands[c] : env[operands[c]]));
  };
  if (step.keyColumns.length === 0) {
    return (env) => {
      if (rel.size === 0) next(env);
      else onReject();
    };
  }
  if (step.keyColumns.length === rel.arity) {
    return (env) => {
      fillKey(env);
      if (rel.find(key) === -1) next(env);
      else onReject();
    };
  }
  const index = rel.indexOn(step.keyColumns);
  return (env) => {
    fillKey(env);
    if (index.first(rel.data, key) === -1) next(env);
    else onReject();
  };
}

/**
 * count/sum/min/max over the matches of the aggregate's body for the current
 * group (Soufflé semantics: one contribution per matching combination of
 * facts). count and sum of nothing are 0; min and max of nothing do not fire.
 */
function aggregate(step: Extract<PlanStep, { kind: 'aggregate' }>, ctx: ExecutionContext, next: Continuation): Continuation {
  const dictionary = ctx.dictionary;
  const target = step.target ? valueOf(step.target, dictionary) : undefined;
  const fn = step.fn;
  let count = 0;
  let sum = 0;
  let best: Constant | undefined;
  const innerRows = ctx.trace ? new Int32Array(step.atomCount) : null;
  const innerPredicates = innerAtomPredicates(step);
  let groups: Array<Array<[string, number]>> = [];
  const collect: Continuation = (env) => {
    count++;
    if (innerRows !== null) groups.push(innerPredicates.map((p, i) => [p, innerRows[i]]));
    if (!target) return;
    const v = target(env);
    if (v === undefined) return;
    if (fn === 'sum') {
      if (typeof v === 'number') sum += v;
    } else if (best === undefined || (fn === 'min' ? compareValues(v, best) < 0 : compareValues(v, best) > 0)) best = v;
  };
  const body = chain(step.steps, 0, ctx, collect, innerRows, true);
  return (env) => {
    count = 0;
    sum = 0;
    best = undefined;
    groups = [];
    body(env);
    const value = fn === 'count' ? count : fn === 'sum' ? sum : best;
    if (value === undefined) return;
    if (ctx.trace) ctx.trace.aggregates[step.aggregateIndex] = groups;
    const id = dictionary.intern(value);
    if (step.resultBound) {
      if (env[step.resultReg] !== id) return;
    } else env[step.resultReg] = id;
    next(env);
  };
}

function innerAtomPredicates(step: Extract<PlanStep, { kind: 'aggregate' }>): string[] {
  const predicates: string[] = new Array(step.atomCount);
  for (const inner of step.steps) if (inner.kind === 'atom') predicates[inner.atomIndex] = inner.predicate;
  return predicates;
}

function valueOf(expr: ExprPlan, dictionary: Dictionary): (env: Int32Array) => Constant | undefined {
  switch (expr.kind) {
    case 'reg': {
      const reg = expr.reg;
      return (env) => dictionary.valueOf(env[reg]);
    }
    case 'const': {
      const value = dictionary.valueOf(expr.id);
      return () => value;
    }
    case 'binary': {
      const left = valueOf(expr.left, dictionary);
      const right = valueOf(expr.right, dictionary);
      const op = expr.op;
      return (env) => applyArithmetic(op, left(env), right(env));
    }
  }
}

const noop = (): void => undefined;

const BIND = 0;
const CHECK = 1;
const CONST = 2;
const ANON = 3;

function encodeArgs(args: ArgAction[]): { kinds: Uint8Array; operands: Int32Array } {
  const kinds = new Uint8Array(args.length);
  const operands = new Int32Array(args.length);
  args.forEach((arg, k) => {
    kinds[k] = arg.kind === 'bind' ? BIND : arg.kind === 'check' ? CHECK : arg.kind === 'const' ? CONST : ANON;
    operands[k] = arg.kind === 'bind' || arg.kind === 'check' ? arg.reg : arg.kind === 'const' ? arg.id : 0;
  });
  return { kinds, operands };
}
