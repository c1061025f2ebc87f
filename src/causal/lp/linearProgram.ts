/**
 * A linear program in equality form, min or max c·q subject to A q = b,
 * q ≥ 0, with A in compressed sparse columns. The engine builds these and
 * hands them to an `LpSolver` it is given (the engine does no I/O; the HiGHS
 * adapter that loads a WebAssembly module lives in src/services/causal).
 */
export interface LinearProgram {
  readonly numCols: number;
  readonly numRows: number;
  readonly sense: 'min' | 'max';
  readonly cost: Float64Array;
  /** Right-hand side b (every row is an equality). */
  readonly rhs: Float64Array;
  /** CSC: column j's entries are rows `index[start[j] .. start[j+1])` with values `value[…]`. */
  readonly start: Int32Array;
  readonly index: Int32Array;
  readonly value: Float64Array;
}

export interface LpSolution {
  readonly status: 'optimal' | 'infeasible' | 'unbounded' | 'time-limit' | 'failed';
  /** Primal q (length numCols) and row duals y (length numRows): for min, c − Aᵀy ≥ 0; for max, ≤ 0. */
  readonly primal: Float64Array;
  readonly dual: Float64Array;
  readonly objective: number;
  /** What solved it, for the certificate (e.g. "HiGHS 1.15.1"). */
  readonly solver: string;
}

export interface LpSolver {
  solve(program: LinearProgram): LpSolution;
}
