import { invariant } from '../../errors';
import type { NamedExpr } from '../identification';

/**
 * Evaluates an identification estimand (a tree of `P(head | given)`,
 * products, sums and quotients over observed variables) on the empirical
 * distribution given by a dense count table. The tree is compiled once into
 * closures over the table's variables; each evaluation then reads marginal
 * counts by index arithmetic, so a bootstrap replicate costs one pass over
 * the table, not over the rows.
 *
 * Plug-in estimate with optional Dirichlet smoothing α:
 *   P̂(h | g) = (n(h, g) + α) / (n(g) + α · |dom(H)|),  α = 0 the plain frequency.
 * A conditional on a stratum never observed is undefined (NaN) rather than
 * invented; a product with a zero factor is zero regardless (the stratum has
 * no weight), so only strata that matter make the estimate undefined.
 * A sum binds its variables inside its body (the front-door `Σ_{x'}`
 * shadows the do-value x), exactly as docs/identification.md writes it.
 */
export interface CompiledEstimand {
  /** Table variables (names), first varying slowest. */
  readonly variables: readonly string[];
  /** Recomputes the marginals from new counts (a resample, a subset); then `value` reads them. */
  load(counts: Float64Array): void;
  /** The estimand at the given values (by table position) of its free variables. */
  value(assignment: Int32Array): number;
  /** The last conditioning stratum found empty since `load` (table position and value of each given variable). */
  lastUndefined(): Array<{ position: number; value: number }> | undefined;
}

interface Marginal {
  /** Table positions of the marginal's variables. */
  readonly positions: number[];
  readonly strides: number[];
  readonly counts: Float64Array;
  /** For every joint cell, its cell in this marginal. */
  readonly projection: Int32Array;
}

export function compileEstimand(
  expr: NamedExpr,
  variables: readonly string[],
  cardinalities: readonly number[],
  alpha: number,
): CompiledEstimand {
  const positionOf = new Map(variables.map((v, i) => [v, i]));
  const position = (name: string): number => {
    const p = positionOf.get(name);
    invariant(p !== undefined, `estimand variable ${name} is not in the table`);
    return p;
  };
  const jointStrides = stridesOf(variables.map((_, i) => i), cardinalities);
  const jointCells = variables.reduce((n, _, i) => n * cardinalities[i], 1);
  const marginals = new Map<string, Marginal>();
  const marginalOf = (names: readonly string[]): Marginal => {
    const positions = [...new Set(names.map(position))].sort((a, b) => a - b);
    const key = positions.join(',');
    let m = marginals.get(key);
    if (!m) {
      const strides = stridesOf(positions, cardinalities);
      const size = positions.reduce((n, p) => n * cardinalities[p], 1);
      const projection = new Int32Array(jointCells);
      for (let cell = 0; cell < jointCells; cell++) {
        let index = 0;
        for (let k = 0; k < positions.length; k++) {
          const p = positions[k];
          index += (Math.floor(cell / jointStrides[p]) % cardinalities[p]) * strides[k];
        }
        projection[cell] = index;
      }
      m = { positions, strides, counts: new Float64Array(size), projection };
      marginals.set(key, m);
    }
    return m;
  };

  let hole: Array<{ position: number; value: number }> | undefined;
  const compile = (node: NamedExpr): ((a: Int32Array) => number) => {
    switch (node.kind) {
      case 'prob': {
        const joint = marginalOf([...node.head, ...node.given]);
        const given = marginalOf(node.given);
        const headCells = [...new Set(node.head.map(position))].reduce((n, p) => n * cardinalities[p], 1);
        const pseudo = alpha * headCells;
        return (a) => {
          const numerator = joint.counts[indexIn(joint, a)] + alpha;
          const denominator = given.counts[indexIn(given, a)] + pseudo;
          if (denominator !== 0) return numerator / denominator;
          hole = given.positions.map((p) => ({ position: p, value: a[p] }));
          return NaN;
        };
      }
      case 'product': {
        const factors = node.factors.map(compile);
        return (a) => {
          let result = 1;
          let undefinedFactor = false;
          for (const f of factors) {
            const v = f(a);
            if (v === 0) return 0;
            if (Number.isNaN(v)) undefinedFactor = true;
            else result *= v;
          }
          return undefinedFactor ? NaN : result;
        };
      }
      case 'sum': {
        const bound = node.over.map(position);
        const body = compile(node.body);
        return (a) => {
          const saved = bound.map((p) => a[p]);
          for (const p of bound) a[p] = 0;
          let total = 0;
          // Mixed-radix odometer over the bound variables.
          for (;;) {
            total += body(a);
            let k = bound.length - 1;
            while (k >= 0 && ++a[bound[k]] === cardinalities[bound[k]]) a[bound[k--]] = 0;
            if (k < 0) break;
          }
          bound.forEach((p, i) => (a[p] = saved[i]));
          return total;
        };
      }
      case 'quotient': {
        const numerator = compile(node.numerator);
        const denominator = compile(node.denominator);
        return (a) => {
          const n = numerator(a);
          const d = denominator(a);
          return d === 0 || Number.isNaN(d) ? NaN : n / d;
        };
      }
    }
  };

  const root = compile(expr);
  const all = [...marginals.values()];
  return {
    variables,
    load(counts) {
      invariant(counts.length === jointCells, 'count table does not match the estimand table');
      hole = undefined;
      for (const m of all) {
        const { counts: into, projection } = m;
        into.fill(0);
        for (let cell = 0; cell < jointCells; cell++) into[projection[cell]] += counts[cell];
      }
    },
    value: root,
    lastUndefined: () => hole,
  };
}

function indexIn(m: Marginal, a: Int32Array): number {
  let index = 0;
  for (let k = 0; k < m.positions.length; k++) index += a[m.positions[k]] * m.strides[k];
  return index;
}

/** Mixed-radix strides for the listed positions, first slowest. */
function stridesOf(positions: readonly number[], cardinalities: readonly number[]): number[] {
  const strides = new Array<number>(positions.length);
  let size = 1;
  for (let k = positions.length - 1; k >= 0; k--) {
    strides[k] = size;
    size *= cardinalities[positions[k]];
  }
  return strides;
}
