import { ancestors, isRecord, type CheckedGraph } from './graph';
import { mulberry32 } from '../../util/mulberry32';

/** Beyond this many binary variables (latents included) the joint is not enumerated. */
export const MAX_ENUMERATED_VARIABLES = 18;
const TOLERANCE = 1e-9;

/**
 * Checks an estimand semantically: on random binary parameterisations of the
 * graph (latents explicit), P(y | do(x)) from the truncated factorisation must
 * equal the estimand evaluated on the observational joint, for every value of
 * x, y and any other free variable. Only the ancestral closure of the
 * variables involved is built: marginalising the rest changes neither side.
 * Returns null when it agrees, the reason when not, or 'too-large'.
 */
export function checkEstimandNumerically(g: CheckedGraph, x: number[], y: number[], tree: unknown, seeds = [1, 2]): string | null | 'too-large' {
  const mentioned = new Set<number>([...x, ...y]);
  const unknown = collectVariables(tree, g, mentioned);
  if (unknown) return unknown;
  const kept = [...ancestors(g, mentioned)].sort((a, b) => a - b);
  if (kept.length > MAX_ENUMERATED_VARIABLES) return 'too-large';
  const observed = kept.filter((v) => v < g.names.length);
  const context = [...mentioned].filter((v) => !x.includes(v) && !y.includes(v) && freeIn(tree, g).has(v));
  for (const seed of seeds) {
    const model = new RandomModel(g, kept, seed);
    const joint = model.observationalJoint(observed);
    for (let xs = 0; xs < 1 << x.length; xs += 1) {
      const doX = new Map(x.map((v, i) => [v, (xs >> i) & 1]));
      const truth = model.interventional(doX, y);
      for (let ys = 0; ys < 1 << y.length; ys += 1) {
        for (let cs = 0; cs < 1 << context.length; cs += 1) {
          const env = new Map(doX);
          y.forEach((v, i) => env.set(v, (ys >> i) & 1));
          context.forEach((v, i) => env.set(v, (cs >> i) & 1));
          const value = evaluate(tree, env, joint, g);
          if (!(Math.abs(value - truth[ys]) <= TOLERANCE)) {
            return `seed ${seed}: estimand gives ${value} but P(y|do(x)) is ${truth[ys]} at ${describe(env, g)}`;
          }
        }
      }
    }
  }
  return null;
}

function describe(env: Map<number, number>, g: CheckedGraph): string {
  return [...env].map(([v, s]) => `${g.names[v]}=${s}`).join(', ');
}

/** Adds every variable named in the tree to `into`; returns an error for a malformed tree. */
function collectVariables(tree: unknown, g: CheckedGraph, into: Set<number>): string | null {
  if (!isRecord(tree)) return 'estimand tree node is not an object';
  const names = (list: unknown): number[] | null => {
    if (!Array.isArray(list)) return null;
    const out = list.map((n) => g.index.get(String(n)));
    return out.every((v) => v !== undefined) ? (out as number[]) : null;
  };
  switch (tree.kind) {
    case 'prob': {
      const head = names(tree.head);
      const given = names(tree.given);
      if (!head || !given || head.length === 0) return 'estimand P(…) names unknown variables';
      [...head, ...given].forEach((v) => into.add(v));
      return null;
    }
    case 'product':
      if (!Array.isArray(tree.factors)) return 'product without factors';
      for (const f of tree.factors) {
        const e = collectVariables(f, g, into);
        if (e) return e;
      }
      return null;
    case 'sum': {
      const over = names(tree.over);
      if (!over) return 'sum over unknown variables';
      over.forEach((v) => into.add(v));
      return collectVariables(tree.body, g, into);
    }
    case 'quotient':
      return collectVariables(tree.numerator, g, into) ?? collectVariables(tree.denominator, g, into);
    default:
      return `unknown estimand node kind ${JSON.stringify(tree.kind)}`;
  }
}

function freeIn(tree: unknown, g: CheckedGraph): Set<number> {
  const t = tree as Record<string, unknown>;
  const ids = (list: unknown) => (list as string[]).map((n) => g.index.get(n)!);
  switch (t.kind) {
    case 'prob':
      return new Set([...ids(t.head), ...ids(t.given)]);
    case 'product':
      return new Set((t.factors as unknown[]).flatMap((f) => [...freeIn(f, g)]));
    case 'sum': {
      const free = freeIn(t.body, g);
      ids(t.over).forEach((v) => free.delete(v));
      return free;
    }
    default:
      return new Set([...freeIn(t.numerator, g), ...freeIn(t.denominator, g)]);
  }
}

/** Marginal tables of the observational joint, computed on demand and kept. */
class Joint {
  private readonly marginals = new Map<string, Float64Array>();
  constructor(
    readonly variables: number[],
    readonly table: Float64Array,
  ) {}

  probability(assignment: Array<[number, number]>): number {
    const vars = assignment.map(([v]) => v);
    const key = vars.join(',');
    let marginal = this.marginals.get(key);
    if (!marginal) {
      marginal = new Float64Array(1 << vars.length);
      const positions = vars.map((v) => this.variables.indexOf(v));
      for (let config = 0; config < this.table.length; config += 1) {
        let k = 0;
        positions.forEach((p, i) => (k |= ((config >> p) & 1) << i));
        marginal[k] += this.table[config];
      }
      this.marginals.set(key, marginal);
    }
    let k = 0;
    assignment.forEach(([, s], i) => (k |= s << i));
    return marginal[k];
  }
}

function evaluate(tree: unknown, env: Map<number, number>, joint: Joint, g: CheckedGraph): number {
  const t = tree as Record<string, unknown>;
  const ids = (list: unknown) => (list as string[]).map((n) => g.index.get(n)!);
  const valueOf = (v: number) => {
    const s = env.get(v);
    if (s === undefined) throw new Error(`variable ${g.names[v]} is used but neither bound nor given`);
    return s;
  };
  switch (t.kind) {
    case 'prob': {
      const head = ids(t.head);
      const given = ids(t.given);
      const all = [...new Set([...head, ...given])].sort((a, b) => a - b);
      const cond = [...new Set(given)].sort((a, b) => a - b);
      const numerator = joint.probability(all.map((v) => [v, valueOf(v)]));
      const denominator = cond.length === 0 ? 1 : joint.probability(cond.map((v) => [v, valueOf(v)]));
      return numerator / denominator;
    }
    case 'product':
      return (t.factors as unknown[]).reduce<number>((acc, f) => acc * evaluate(f, env, joint, g), 1);
    case 'sum': {
      const over = ids(t.over);
      let total = 0;
      for (let config = 0; config < 1 << over.length; config += 1) {
        const inner = new Map(env);
        over.forEach((v, i) => inner.set(v, (config >> i) & 1));
        total += evaluate(t.body, inner, joint, g);
      }
      return total;
    }
    default:
      return evaluate(t.numerator, env, joint, g) / evaluate(t.denominator, env, joint, g);
  }
}

/** Binary variables with P(v = 1 | parents) drawn in [0.1, 0.9] for every parent configuration. */
class RandomModel {
  private readonly position = new Map<number, number>();
  private readonly parents: number[][];
  private readonly pOne: Float64Array[];

  constructor(
    g: CheckedGraph,
    private readonly kept: number[],
    seed: number,
  ) {
    const random = mulberry32(seed);
    kept.forEach((v, i) => this.position.set(v, i));
    this.parents = kept.map((v) => g.parents[v].filter((p) => this.position.has(p)));
    this.pOne = this.parents.map((ps) => Float64Array.from({ length: 1 << ps.length }, () => 0.1 + 0.8 * random()));
  }

  /** Σ over full configurations of Π factors, skipping the factors of intervened nodes. */
  private forEachConfiguration(fixed: Map<number, number>, visit: (config: number, weight: number) => void): void {
    const n = this.kept.length;
    for (let config = 0; config < 1 << n; config += 1) {
      let weight = 1;
      for (let i = 0; i < n && weight > 0; i += 1) {
        const v = this.kept[i];
        const state = (config >> i) & 1;
        const forced = fixed.get(v);
        if (forced !== undefined) {
          if (forced !== state) weight = 0;
          continue;
        }
        let k = 0;
        this.parents[i].forEach((p, j) => (k |= ((config >> this.position.get(p)!) & 1) << j));
        const p1 = this.pOne[i][k];
        weight *= state === 1 ? p1 : 1 - p1;
      }
      if (weight > 0) visit(config, weight);
    }
  }

  observationalJoint(observed: number[]): Joint {
    const table = new Float64Array(1 << observed.length);
    const positions = observed.map((v) => this.position.get(v)!);
    this.forEachConfiguration(new Map(), (config, weight) => {
      let k = 0;
      positions.forEach((p, i) => (k |= ((config >> p) & 1) << i));
      table[k] += weight;
    });
    return new Joint(observed, table);
  }

  /** P(Y = ys | do(X)) for every ys, by the truncated factorisation. */
  interventional(doX: Map<number, number>, y: number[]): Float64Array {
    const out = new Float64Array(1 << y.length);
    const positions = y.map((v) => this.position.get(v)!);
    this.forEachConfiguration(doX, (config, weight) => {
      let k = 0;
      positions.forEach((p, i) => (k |= ((config >> p) & 1) << i));
      out[k] += weight;
    });
    return out;
  }
}
