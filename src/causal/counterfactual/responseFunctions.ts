import type { CompiledModel } from '../model/compile';

/**
 * The canonical response-function parametrisation of a discrete SCM over a
 * few variables (Balke & Pearl 1994): each variable's exogenous state picks a
 * deterministic function from its parents' configurations to its states, so
 * a joint "response profile" — one function per variable — fixes every
 * world, actual or intervened. Indexing is canonical (docs/causal.md) so
 * that `causeway verify` rebuilds the same program on its own:
 *   - scope: the variables in topological order; parent configurations are
 *     CPT rows (first parent slowest);
 *   - variable i's function f is the number Σ_row f(row)·card_i^row;
 *   - a profile (LP column) is Σ_i f_i·Π_{j<i} (card_j^{rows_j});
 *   - a full assignment is Σ_i v_i·Π_{j<i} card_j.
 */
export interface ResponseSpace {
  /** Model indices of the scope, in topological order. */
  readonly vars: Int32Array;
  readonly card: Int32Array;
  /** Per scope variable: its parents as scope positions (model order of parents). */
  readonly parents: readonly Int32Array[];
  /** Per scope variable: number of parent configurations. */
  readonly rows: Float64Array;
  /** Per scope variable: number of response functions, card^rows. */
  readonly functions: Float64Array;
  /** Π functions: the LP's column count. */
  readonly profiles: number;
  /** Π card: assignments of the whole scope. */
  readonly assignments: number;
}

/** The scope's topological order: model order among ready variables (Kahn). */
export function responseSpace(model: CompiledModel, scope: ReadonlySet<number>): ResponseSpace {
  const order: number[] = [];
  const placed = new Set<number>();
  while (order.length < scope.size) {
    for (let v = 0; v < model.ids.length; v++) {
      if (!scope.has(v) || placed.has(v)) continue;
      if (Array.from(model.parents[v]!).every((p) => placed.has(p))) {
        order.push(v);
        placed.add(v);
      }
    }
  }
  const position = new Map(order.map((v, i) => [v, i]));
  const card = Int32Array.from(order, (v) => model.card[v]!);
  const parents = order.map((v) => Int32Array.from(model.parents[v]!, (p) => position.get(p)!));
  const rows = Float64Array.from(parents, (ps) => ps.reduce((n, p) => n * card[p]!, 1));
  const functions = Float64Array.from(order, (_, i) => Math.pow(card[i]!, rows[i]!));
  return {
    vars: Int32Array.from(order),
    card,
    parents,
    rows,
    functions,
    profiles: functions.reduce((n, f) => n * f, 1),
    assignments: card.reduce((n, c) => n * c, 1),
  };
}

/** The CPT row of scope variable i under `values` (first parent slowest). */
export function parentRow(space: ResponseSpace, i: number, values: Int32Array): number {
  let row = 0;
  for (const p of space.parents[i]!) row = row * space.card[p]! + values[p]!;
  return row;
}

/** Decodes a profile into each variable's function table: table[i][row] = state. */
export function decodeProfile(space: ResponseSpace, profile: number, tables: Int32Array[]): void {
  let rest = profile;
  for (let i = 0; i < space.vars.length; i++) {
    let f = rest % space.functions[i]!;
    rest = Math.floor(rest / space.functions[i]!);
    const table = tables[i]!;
    for (let row = 0; row < space.rows[i]!; row++) {
      table[row] = f % space.card[i]!;
      f = Math.floor(f / space.card[i]!);
    }
  }
}

/**
 * The world a profile produces when the variables with forced[i] ≥ 0 are set
 * by do(): written into `values` (scope positions), in topological order.
 */
export function evaluateWorld(space: ResponseSpace, tables: readonly Int32Array[], forced: Int32Array, values: Int32Array): void {
  for (let i = 0; i < space.vars.length; i++) {
    values[i] = forced[i]! >= 0 ? forced[i]! : tables[i]![parentRow(space, i, values)]!;
  }
}

/** Index of a full assignment of the scope (first variable fastest). */
export function assignmentIndex(space: ResponseSpace, values: Int32Array): number {
  let index = 0;
  for (let i = space.vars.length - 1; i >= 0; i--) index = index * space.card[i]! + values[i]!;
  return index;
}
