import loadHighs, { type Highs } from 'highs';
import { environmentError } from '../../errors';
import type { LinearProgram, LpSolution, LpSolver } from '../../causal';

/**
 * The LP solver the causal engine is handed for response-function bounds:
 * HiGHS (Huangfu & Hall; the University of Edinburgh's simplex and
 * interior-point solver) compiled to WebAssembly by the `highs` package.
 * Loading compiles the module once (≈70 ms); solves are then synchronous.
 * Simplex with feasibility tolerances of 1e-10, so the primal point and row
 * duals it returns pass `causeway verify`'s 1e-8 checks; presolve off (on
 * these dense, highly redundant programs it cost more than it saved: 2048
 * columns, 992 rows solved in 147 ms without it, 338 ms with it); at most
 * LP_TIME_LIMIT_S per program.
 */
export const LP_TIME_LIMIT_S = 30;
let loading: Promise<LpSolver> | undefined;

export function loadLpSolver(): Promise<LpSolver> {
  loading ??= loadHighs()
    .then((highs) => highsSolver(highs))
    .catch((error: unknown) => {
      loading = undefined;
      throw environmentError('the HiGHS LP solver (package "highs") could not be loaded', {}, error);
    });
  return loading;
}

function highsSolver(highs: Highs): LpSolver {
  const name = `HiGHS ${highs.version.string} (simplex)`;
  return {
    solve(program: LinearProgram): LpSolution {
      return highs.withModel(
        {
          numCols: program.numCols,
          numRows: program.numRows,
          sense: program.sense === 'min' ? highs.constants.objectiveSense.minimize : highs.constants.objectiveSense.maximize,
          colCost: program.cost,
          colLower: new Float64Array(program.numCols),
          colUpper: new Float64Array(program.numCols).fill(Infinity),
          rowLower: program.rhs,
          rowUpper: program.rhs,
          matrix: { format: 'csc', numRows: program.numRows, numCols: program.numCols, starts: program.start, indices: program.index, values: program.value },
        },
        (model): LpSolution => {
          model.options.set({
            solver: 'simplex',
            presolve: 'off',
            primal_feasibility_tolerance: 1e-10,
            dual_feasibility_tolerance: 1e-10,
            time_limit: LP_TIME_LIMIT_S,
          });
          model.run();
          const status = model.getModelStatus();
          const solution = model.getSolution();
          return {
            status: statusOf(highs, status),
            primal: Float64Array.from(solution.colValue),
            dual: Float64Array.from(solution.rowDual),
            objective: model.getObjectiveValue(),
            solver: name,
          };
        },
      );
    },
  };
}

function statusOf(highs: Highs, status: number): LpSolution['status'] {
  const codes = highs.constants.modelStatus;
  if (status === codes.optimal) return 'optimal';
  if (status === codes.infeasible) return 'infeasible';
  if (status === codes.unbounded) return 'unbounded';
  if (status === codes.timeLimit || status === codes.iterationLimit) return 'time-limit';
  return 'failed';
}
