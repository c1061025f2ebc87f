import { limitExceeded } from '../../errors';
import type { Observations } from './observations';

/** Largest dense joint table estimation builds (cells): 16M float64s, 128 MB. */
export const MAX_JOINT_CELLS = 1 << 24;

/**
 * The joint cell of every row over some columns, in mixed radix with the
 * first variable varying slowest (the design's CPT row order). Counts over
 * these codes are sufficient statistics for any estimand over those
 * variables, so resampling and refuting never touch the CSV again.
 */
export interface CellCoding {
  /** Column indices into the observations, in table order. */
  readonly columns: readonly number[];
  readonly cardinalities: readonly number[];
  readonly strides: readonly number[];
  readonly cells: number;
  /** One joint cell per row. */
  readonly codes: Int32Array;
}

export function codeCells(observations: Observations, columns: readonly number[]): CellCoding {
  const cardinalities = columns.map((c) => observations.states[c].length);
  const strides = new Array<number>(columns.length);
  let cells = 1;
  for (let i = columns.length - 1; i >= 0; i--) {
    strides[i] = cells;
    cells *= cardinalities[i];
  }
  if (cells > MAX_JOINT_CELLS) {
    const names = columns.map((c) => observations.names[c]);
    throw limitExceeded(`the joint table over ${names.join(', ')} would have ${cells} cells (limit ${MAX_JOINT_CELLS})`, { variables: names, cells });
  }
  const codes = new Int32Array(observations.rows);
  columns.forEach((column, i) => {
    const values = observations.columns[column];
    const stride = strides[i];
    for (let r = 0; r < codes.length; r++) codes[r] += values[r] * stride;
  });
  return { columns, cardinalities, strides, cells, codes };
}

/** Counts of each cell over all rows, or over the rows listed in `rows` (repeats count again: a bootstrap resample). */
export function countCells(codes: Int32Array, cells: number, rows?: Int32Array, into?: Float64Array): Float64Array {
  const counts = into ?? new Float64Array(cells);
  if (into) counts.fill(0);
  if (rows) for (let i = 0; i < rows.length; i++) counts[codes[rows[i]]] += 1;
  else for (let r = 0; r < codes.length; r++) counts[codes[r]] += 1;
  return counts;
}
