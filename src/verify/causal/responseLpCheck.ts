import type { CheckModel } from './modelReader';

/**
 * The verifier's own check of a response-function LP certificate (no engine
 * code). It rebuilds the program from the model by the canonical indexing of
 * docs/causal.md — scope, columns (response profiles), rows (a proper subset
 * S of the scope and a full assignment), b, and the objective per target
 * state — then checks, for every bound:
 *   primal: q ≥ 0, A q = b and c·q = the objective (a point attaining it);
 *   dual:   Aᵀy ≤ c for a minimum (≥ c for a maximum) and b·y = the
 *           objective, which by weak duality proves no feasible q does better;
 *   value:  objective / P(evidence) is the reported bound.
 * All within LP_TOLERANCE.
 */
export const LP_TOLERANCE = 1e-8;

/** The verifier re-enumerates every column; past this it reports the structure only. */
const CHECK_COLUMN_LIMIT = 1 << 17;

type Json = Record<string, unknown>;

export class LpCheckFailure extends Error {
  constructor(
    readonly step: string,
    message: string,
  ) {
    super(message);
  }
}

function fail(step: string, reason: string): never {
  throw new LpCheckFailure(step, reason);
}

interface Scope {
  names: string[];
  card: number[];
  /** parents[i]: positions in the scope. */
  parents: number[][];
  rowsOf: number[];
  functionsOf: number[];
  columns: number;
  assignments: number;
}

function scopeOf(model: CheckModel, lp: Json, target: string, given: Map<string, number>): Scope {
  const listed = lp.variables;
  if (!Array.isArray(listed)) fail('lp', 'lp.variables is missing');
  const wanted = new Set<string>();
  const stack = [target, ...given.keys()];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (wanted.has(v)) continue;
    wanted.add(v);
    stack.push(...model.get(v)!.parents);
  }
  const names = listed.map((entry) => String((entry as Json).id));
  if (names.length !== wanted.size || names.some((v) => !wanted.has(v)) || new Set(names).size !== names.length) {
    fail('lp', `the LP's variables must be exactly the ancestral set of the target and the evidence: {${[...wanted].sort().join(', ')}}`);
  }
  const position = new Map(names.map((v, i) => [v, i]));
  const parents = names.map((v, i) => {
    const entry = listed[i] as Json;
    const node = model.get(v)!;
    if (JSON.stringify(entry.states) !== JSON.stringify(node.states) || JSON.stringify(entry.parents) !== JSON.stringify(node.parents)) {
      fail('lp', `the LP lists "${v}" with other states or parents than the model`);
    }
    return node.parents.map((p) => {
      const at = position.get(p)!;
      if (at >= i) fail('lp', `the LP's variable order is not topological ("${p}" must come before "${v}")`);
      return at;
    });
  });
  const card = names.map((v) => model.get(v)!.states.length);
  const rowsOf = parents.map((ps) => ps.reduce((n, p) => n * card[p]!, 1));
  const functionsOf = rowsOf.map((r, i) => Math.pow(card[i]!, r));
  return {
    names,
    card,
    parents,
    rowsOf,
    functionsOf,
    columns: functionsOf.reduce((n, f) => n * f, 1),
    assignments: card.reduce((n, c) => n * c, 1),
  };
}

/** Values of the scope (first variable fastest) for assignment number a. */
function assignmentValues(scope: Scope, a: number): number[] {
  const values: number[] = [];
  for (const c of scope.card) {
    values.push(a % c);
    a = Math.floor(a / c);
  }
  return values;
}

function assignmentNumber(scope: Scope, values: number[]): number {
  let a = 0;
  let weight = 1;
  scope.card.forEach((c, i) => {
    a += values[i]! * weight;
    weight *= c;
  });
  return a;
}

function rowOf(scope: Scope, i: number, values: number[]): number {
  return scope.parents[i]!.reduce((row, p) => row * scope.card[p]! + values[p]!, 0);
}

/** The response of variable i in column j to parent configuration `row`. */
function response(scope: Scope, j: number, i: number, row: number): number {
  let below = 1;
  for (let k = 0; k < i; k++) below *= scope.functionsOf[k]!;
  const f = Math.floor(j / below) % scope.functionsOf[i]!;
  return Math.floor(f / Math.pow(scope.card[i]!, row)) % scope.card[i]!;
}

function world(scope: Scope, j: number, forced: Map<number, number>): number[] {
  const values: number[] = [];
  scope.names.forEach((_, i) => values.push(forced.has(i) ? forced.get(i)! : response(scope, j, i, rowOf(scope, i, values))));
  return values;
}

/** Returns how the LP bounds were checked. */
export function checkResponseLp(
  model: CheckModel,
  certificate: Json,
  target: string,
  doing: Map<string, number>,
  given: Map<string, number>,
): string {
  const lp = (certificate.lp ?? {}) as Json;
  const scope = scopeOf(model, lp, target, given);
  const n = scope.names.length;
  const subsets = (1 << n) - 1;
  const rows = subsets * scope.assignments;
  const size = (lp.size ?? {}) as Json;
  if (size.columns !== scope.columns || size.rows !== rows) {
    fail('lp', `the LP should have ${scope.columns} columns and ${rows} rows, the certificate says ${String(size.columns)} and ${String(size.rows)}`);
  }
  if (scope.columns > CHECK_COLUMN_LIMIT) return 'LP structure checked; too many columns to re-enumerate, so the bounds were not re-checked';
  const at = new Map(scope.names.map((v, i) => [v, i]));
  const conditional = (i: number, values: number[]) =>
    model.get(scope.names[i]!)!.probability(values[i]!, scope.parents[i]!.map((p) => values[p]!));

  // b and P(evidence), from the model's mechanisms.
  const b = new Float64Array(rows);
  let pEvidence = 0;
  for (let a = 0; a < scope.assignments; a++) {
    const values = assignmentValues(scope, a);
    const factors = values.map((_, i) => conditional(i, values));
    for (let S = 0; S < subsets; S++) b[S * scope.assignments + a] = factors.reduce((p, f, i) => ((S >> i) & 1 ? p : p * f), 1);
    if ([...given].every(([v, s]) => values[at.get(v)!] === s)) pEvidence += factors.reduce((p, f) => p * f, 1);
  }
  if (!(Math.abs(Number(lp.evidenceProbability) - pEvidence) <= LP_TOLERANCE)) {
    fail('lp', `P(evidence) is ${String(lp.evidenceProbability)}, the check gives ${pEvidence}`);
  }
  if (!(pEvidence > 0)) fail('lp', 'the evidence has probability zero');

  const targetStates = model.get(target)!.states;
  const hypothetical = new Map<number, number>();
  for (const [v, s] of doing) if (at.has(v)) hypothetical.set(at.get(v)!, s);
  const programs = (lp.programs ?? {}) as Json;
  interface Program { state: number; sense: 'min' | 'max'; bound: Json; dual: Float64Array; support: Map<number, number>; dualSum: Float64Array | null; ax: Float64Array; cq: number }
  const checks: Program[] = [];
  targetStates.forEach((state, y) => {
    const entry = (programs[state] ?? {}) as Json;
    for (const [key, sense] of [['lower', 'min'], ['upper', 'max']] as const) {
      const bound = (entry[key] ?? null) as Json | null;
      if (!bound) fail('lp', `no ${key} program for ${target}=${state}`);
      const dual = bound.dual;
      if (!Array.isArray(dual) || dual.length !== rows || dual.some((d) => typeof d !== 'number' || !Number.isFinite(d))) {
        fail('lp', `the ${key} program for ${target}=${state} needs ${rows} finite row duals`);
      }
      const primal = bound.primal;
      if (!Array.isArray(primal)) fail('lp', `the ${key} program for ${target}=${state} has no primal point`);
      const support = new Map<number, number>();
      for (const pair of primal) {
        const [j, q] = pair as [unknown, unknown];
        if (!Number.isInteger(j) || (j as number) < 0 || (j as number) >= scope.columns || typeof q !== 'number' || support.has(j as number)) {
          fail('lp-primal', `bad primal entry ${JSON.stringify(pair)} for ${target}=${state}`);
        }
        if (q < -LP_TOLERANCE) fail('lp-primal', `primal entry q[${String(j)}] = ${q} is negative`);
        support.set(j as number, q);
      }
      checks.push({ state: y, sense, bound, dual: Float64Array.from(dual as number[]), support, dualSum: null, ax: new Float64Array(rows), cq: 0 });
    }
  });

  // One pass over the columns: each column's rows, its objective entry, and every program's checks on it.
  const none = new Map<number, number>();
  for (let j = 0; j < scope.columns; j++) {
    const actual = world(scope, j, none);
    const shows = [...given].every(([v, s]) => actual[at.get(v)!] === s);
    const outcome = shows ? world(scope, j, hypothetical)[at.get(target)!]! : -1;
    const columnRows: number[] = [];
    for (let S = 0; S < subsets; S++) {
      const members = scope.names.map((_, i) => i).filter((i) => (S >> i) & 1);
      const setting = members.map(() => 0);
      for (;;) {
        const forced = new Map(members.map((i, k) => [i, setting[k]!]));
        columnRows.push(S * scope.assignments + assignmentNumber(scope, world(scope, j, forced)));
        let k = 0;
        while (k < members.length && ++setting[k]! >= scope.card[members[k]!]!) setting[k++] = 0;
        if (k === members.length) break;
      }
    }
    for (const program of checks) {
      const c = outcome === program.state ? 1 : 0;
      let aty = 0;
      for (const r of columnRows) aty += program.dual[r]!;
      const slack = program.sense === 'min' ? c - aty : aty - c;
      if (slack < -LP_TOLERANCE) {
        fail('lp-dual', `the dual of the ${program.sense === 'min' ? 'lower' : 'upper'} bound for ${target}=${targetStates[program.state]} is infeasible at column ${j} (violation ${-slack})`);
      }
      const q = program.support.get(j);
      if (q !== undefined) {
        for (const r of columnRows) program.ax[r]! += q;
        program.cq += c * q;
      }
    }
  }
  for (const program of checks) {
    const label = `the ${program.sense === 'min' ? 'lower' : 'upper'} bound for ${target}=${targetStates[program.state]}`;
    let residual = 0;
    let by = 0;
    for (let r = 0; r < rows; r++) {
      residual = Math.max(residual, Math.abs(program.ax[r]! - b[r]!));
      by += b[r]! * program.dual[r]!;
    }
    if (residual > LP_TOLERANCE) fail('lp-primal', `the primal point of ${label} violates A q = b by ${residual}`);
    const objective = Number(program.bound.objective);
    if (!(Math.abs(program.cq - objective) <= LP_TOLERANCE)) fail('lp-primal', `the primal point of ${label} gives c·q = ${program.cq}, not ${objective}`);
    if (!(Math.abs(by - objective) <= LP_TOLERANCE)) fail('lp-dual', `the dual of ${label} gives b·y = ${by}, not the objective ${objective}: optimality is not proved`);
    const value = Math.min(1, Math.max(0, objective / pEvidence));
    if (!(Math.abs(Number(program.bound.value) - value) <= LP_TOLERANCE)) fail('result', `${label} is ${String(program.bound.value)}, the program gives ${value}`);
  }
  const bounds = ((certificate.result ?? {}) as Json).bounds as Json | undefined;
  targetStates.forEach((state) => {
    const entry = (programs[state] ?? {}) as Json;
    const interval = bounds?.[state];
    const lower = Number(((entry.lower ?? {}) as Json).value);
    const upper = Math.max(lower, Number(((entry.upper ?? {}) as Json).value));
    if (!Array.isArray(interval) || interval[0] !== lower || interval[1] !== upper) {
      fail('result', `the bounds of ${target}=${state} must be the programs' values [${lower}, ${upper}]`);
    }
  });
  return `response-function LP rebuilt (${scope.columns} columns, ${rows} rows); every bound's primal point and dual solution checked (tolerance ${LP_TOLERANCE})`;
}
