import { CausewayError, limitExceeded } from '../../errors';
import type { LinearProgram, LpSolver } from '../lp/linearProgram';
import type { CompiledModel } from '../model/compile';
import type { Mechanism } from '../model/types';
import type { Interval } from './bounds';
import { assignmentIndex, decodeProfile, evaluateWorld, parentRow, responseSpace, type ResponseSpace } from './responseFunctions';

/**
 * Sharp counterfactual bounds on a CPT model by a linear program over
 * response-function profiles (Balke & Pearl 1994, "Counterfactual
 * probabilities: computational methods, bounds and applications"):
 *
 *   q ≥ 0 over profiles, and for every proper subset S of the scope and every
 *   setting s of S, the distribution of the other variables under do(S = s)
 *   that q produces equals the model's (S = ∅ is the observational joint).
 *   lo/hi(y) = min/max Σ_{profiles whose actual world shows E and whose
 *   world under do(X = x) has Y = y} q, divided by P(E).
 * A binary target needs two programs: the other state's bounds are their
 * complements, with certificates of their own (below).
 *
 * The scope is the ancestral set of the target and the evidence (intervened
 * variables outside it change nothing there). Independence between the
 * variables' exogenous terms is not imposed (it would make the program
 * non-linear): the bounds are sharp over all SCMs, with any exogenous
 * dependence, that reproduce every observational and interventional
 * distribution of the model — valid, and possibly not tight, under the
 * Markov assumption. On two binary variables they are Tian & Pearl's.
 */
export const LP_LIMITS = Object.freeze({ maxColumns: 16_384, maxRows: 20_000, maxNonzeros: 1_000_000 });

export interface LpBound {
  /** The bound: objective / P(evidence). */
  value: number;
  /** c·q at the reported primal point (before dividing by P(evidence)). */
  objective: number;
  /** Non-zero primal entries [column, q]: a feasible point attaining the bound. */
  primal: [number, number][];
  /** Row duals y (one per row): dual feasible with b·y = objective, which proves optimality. */
  dual: number[];
}

export interface ResponseLpCertificate {
  /** The scope in the LP's (topological) order. */
  variables: { id: string; states: string[]; parents: string[] }[];
  size: { columns: number; rows: number; nonzeros: number };
  evidenceProbability: number;
  solver: string;
  /** Per target state: the minimising and maximising programs' certificates. */
  programs: Record<string, { lower: LpBound; upper: LpBound }>;
}

export interface ResponseLpQuery {
  target: number;
  /** Model index → state. */
  doing: ReadonlyMap<number, number>;
  given: ReadonlyMap<number, number>;
}

export function responseFunctionBounds(
  model: CompiledModel,
  query: ResponseLpQuery,
  solver: LpSolver,
): { bounds: Interval[]; certificate: ResponseLpCertificate } {
  const space = responseSpace(model, ancestralScope(model, [query.target, ...query.given.keys()]));
  const n = space.vars.length;
  const position = new Map(Array.from(space.vars, (v, i) => [v, i]));
  const masks = (1 << n) - 1; // every proper subset of the scope
  let perProfile = 0;
  for (let mask = 0; mask < masks; mask++) perProfile += settingsOf(space, mask);
  const rows = masks * space.assignments;
  const nonzeros = space.profiles * perProfile;
  if (space.profiles > LP_LIMITS.maxColumns || rows > LP_LIMITS.maxRows || nonzeros > LP_LIMITS.maxNonzeros) {
    throw limitExceeded(
      `the response-function linear program over ${n} variables (${space.vars.length ? Array.from(space.vars, (v) => model.ids[v]).join(', ') : ''}) ` +
        `would have ${space.profiles} columns, ${rows} rows and ${nonzeros} non-zeros, over the limits of ${LP_LIMITS.maxColumns} columns, ` +
        `${LP_LIMITS.maxRows} rows and ${LP_LIMITS.maxNonzeros} non-zeros; the counterfactual is not bounded (no approximate fallback)`,
      { columns: space.profiles, rows, nonzeros, limits: { ...LP_LIMITS } },
    );
  }
  const rhs = interventionalTable(model, space, masks);
  const evidence = scopeAssignment(space, position, query.given);
  const forcedHypothetical = scopeAssignment(space, position, query.doing);
  const pEvidence = evidenceProbability(model, space, evidence);
  if (!(pEvidence > 0)) {
    throw new CausewayError('the actual-world evidence has probability zero under the model', { code: 'ZERO_PROBABILITY_EVIDENCE' });
  }
  const targetPosition = position.get(query.target)!;
  const { start, index, value, outcome } = buildColumns(space, masks, perProfile, evidence, forcedHypothetical, targetPosition);
  const targetStates = model.states[query.target]!;
  const programs: ResponseLpCertificate['programs'] = {};
  const bounds: Interval[] = [];
  let solverName = '';
  const solveState = (y: number) => {
    const cost = Float64Array.from(outcome, (o) => (o === y ? 1 : 0));
    const solve = (sense: 'min' | 'max'): LpBound => {
      const program: LinearProgram = { numCols: space.profiles, numRows: rows, sense, cost, rhs, start, index, value };
      const solution = solver.solve(program);
      solverName = solution.solver;
      if (solution.status === 'time-limit') {
        throw new CausewayError(`the response-function LP (${space.profiles} columns, ${rows} rows) hit the solver's time limit; no bound is reported`, {
          code: 'TIMEOUT',
          details: { columns: space.profiles, rows, solver: solution.solver },
        });
      }
      if (solution.status !== 'optimal') {
        throw new CausewayError(`the LP solver reported "${solution.status}" on a feasible, bounded response-function program`, {
          code: 'INTERNAL',
          details: { solver: solution.solver },
        });
      }
      let objective = 0;
      const primal: [number, number][] = [];
      solution.primal.forEach((q, j) => {
        if (q !== 0) {
          primal.push([j, q]);
          objective += q * cost[j]!;
        }
      });
      return { value: clamp01(objective / pEvidence), objective, primal, dual: Array.from(solution.dual) };
    };
    return { lower: solve('min'), upper: solve('max') };
  };
  const first = solveState(0);
  programs[targetStates[0]!] = first;
  if (targetStates.length === 2) {
    // The two states' objectives add up to the evidence indicator e = Aᵀ y_E (y_E: 1 on the observational rows
    // that show the evidence), so each bound of the second state is the complement of one of the first, with
    // the same primal point and the dual y_E − y (Aᵀ(y_E − y) = e − Aᵀy, on the right side of e − c).
    const showsEvidence = evidenceRows(space, evidence, rows);
    const complement = (bound: LpBound): LpBound => {
      const objective = pEvidence - bound.objective;
      return { value: clamp01(objective / pEvidence), objective, primal: bound.primal, dual: bound.dual.map((y, r) => showsEvidence[r]! - y) };
    };
    programs[targetStates[1]!] = { lower: complement(first.upper), upper: complement(first.lower) };
  } else {
    for (let y = 1; y < targetStates.length; y++) programs[targetStates[y]!] = solveState(y);
  }
  for (const state of targetStates) {
    const { lower, upper } = programs[state]!;
    bounds.push([lower.value, Math.max(lower.value, upper.value)]);
  }
  return {
    bounds,
    certificate: {
      variables: Array.from(space.vars, (v) => ({ id: model.ids[v]!, states: [...model.states[v]!], parents: Array.from(model.parents[v]!, (p) => model.ids[p]!) })),
      size: { columns: space.profiles, rows, nonzeros },
      evidenceProbability: pEvidence,
      solver: solverName,
      programs,
    },
  };
}

/** 1 on the observational rows (S = ∅) whose assignment shows the evidence, 0 elsewhere. */
function evidenceRows(space: ResponseSpace, evidence: Int32Array, rows: number): Float64Array {
  const indicator = new Float64Array(rows);
  const values = new Int32Array(space.vars.length);
  for (let a = 0; a < space.assignments; a++) {
    decodeAssignment(space, a, values);
    if (values.every((v, i) => evidence[i]! < 0 || evidence[i] === v)) indicator[a] = 1;
  }
  return indicator;
}

function ancestralScope(model: CompiledModel, seeds: number[]): Set<number> {
  const scope = new Set<number>();
  const stack = [...seeds];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (scope.has(v)) continue;
    scope.add(v);
    for (const p of model.parents[v]!) stack.push(p);
  }
  return scope;
}

/** Settings of the variables in `mask`: Π card over them. */
function settingsOf(space: ResponseSpace, mask: number): number {
  let count = 1;
  for (let i = 0; i < space.vars.length; i++) if ((mask >> i) & 1) count *= space.card[i]!;
  return count;
}

function scopeAssignment(space: ResponseSpace, position: ReadonlyMap<number, number>, values: ReadonlyMap<number, number>): Int32Array {
  const result = new Int32Array(space.vars.length).fill(-1);
  for (const [v, s] of values) {
    const i = position.get(v);
    if (i !== undefined) result[i] = s;
  }
  return result;
}

/** b: for each proper subset S (bitmask) and full assignment v, Π_{i ∉ S} P(v_i | pa_i(v)). */
function interventionalTable(model: CompiledModel, space: ResponseSpace, masks: number): Float64Array {
  const rhs = new Float64Array(masks * space.assignments);
  const values = new Int32Array(space.vars.length);
  const factors = new Float64Array(space.vars.length);
  for (let a = 0; a < space.assignments; a++) {
    decodeAssignment(space, a, values);
    for (let i = 0; i < space.vars.length; i++) factors[i] = probabilityOf(model.mechanisms[space.vars[i]!]!, space, i, values);
    for (let mask = 0; mask < masks; mask++) {
      let p = 1;
      for (let i = 0; i < space.vars.length; i++) if (!((mask >> i) & 1)) p *= factors[i]!;
      rhs[mask * space.assignments + a] = p;
    }
  }
  return rhs;
}

function evidenceProbability(model: CompiledModel, space: ResponseSpace, evidence: Int32Array): number {
  const values = new Int32Array(space.vars.length);
  let total = 0;
  for (let a = 0; a < space.assignments; a++) {
    decodeAssignment(space, a, values);
    if (values.some((v, i) => evidence[i]! >= 0 && evidence[i] !== v)) continue;
    let p = 1;
    for (let i = 0; i < space.vars.length; i++) p *= probabilityOf(model.mechanisms[space.vars[i]!]!, space, i, values);
    total += p;
  }
  return total;
}

function decodeAssignment(space: ResponseSpace, a: number, values: Int32Array): void {
  let rest = a;
  for (let i = 0; i < space.vars.length; i++) {
    values[i] = rest % space.card[i]!;
    rest = Math.floor(rest / space.card[i]!);
  }
}

/** P(v_i | pa_i) under the variable's mechanism (a CPT row, or noisy-OR in a mixed model). */
function probabilityOf(mechanism: Mechanism, space: ResponseSpace, i: number, values: Int32Array): number {
  if (mechanism.type === 'cpt') return mechanism.table[parentRow(space, i, values) * space.card[i]! + values[i]!]!;
  let off = 1 - mechanism.leak;
  let pass = 1;
  space.parents[i]!.forEach((p, k) => {
    if (values[p] !== 1) return;
    off *= 1 - mechanism.causeStrength[k]!;
    pass *= 1 - mechanism.preventStrength[k]!;
  });
  const pTrue = (1 - off) * pass;
  return values[i] === 1 ? pTrue : 1 - pTrue;
}

/**
 * The constraint matrix column by column: profile j has a 1 in row
 * (S, world under do(S = s)) for every S and s. `outcome[j]` is the target's
 * state in the hypothetical world when the actual world matches the
 * evidence, −1 otherwise.
 */
function buildColumns(space: ResponseSpace, masks: number, perProfile: number, evidence: Int32Array, forcedHypothetical: Int32Array, target: number) {
  const n = space.vars.length;
  const start = new Int32Array(space.profiles + 1);
  const index = new Int32Array(space.profiles * perProfile);
  const value = new Float64Array(space.profiles * perProfile).fill(1);
  const outcome = new Int32Array(space.profiles);
  const tables = Array.from(space.rows, (r) => new Int32Array(r));
  const forced = new Int32Array(n);
  const values = new Int32Array(n);
  const none = new Int32Array(n).fill(-1);
  let k = 0;
  for (let j = 0; j < space.profiles; j++) {
    start[j] = k;
    decodeProfile(space, j, tables);
    evaluateWorld(space, tables, none, values);
    const matches = evidence.every((e, i) => e < 0 || values[i] === e);
    if (matches) {
      evaluateWorld(space, tables, forcedHypothetical, values);
      outcome[j] = values[target]!;
    } else outcome[j] = -1;
    for (let mask = 0; mask < masks; mask++) {
      const members: number[] = [];
      for (let i = 0; i < n; i++) if ((mask >> i) & 1) members.push(i);
      forced.fill(-1);
      for (const i of members) forced[i] = 0;
      for (;;) {
        evaluateWorld(space, tables, forced, values);
        index[k++] = mask * space.assignments + assignmentIndex(space, values);
        let m = 0;
        while (m < members.length && ++forced[members[m]!]! >= space.card[members[m]!]!) forced[members[m++]!] = 0;
        if (m === members.length) break;
      }
    }
  }
  start[space.profiles] = k;
  return { start, index, value, outcome };
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
