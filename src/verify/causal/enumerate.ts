import type { CheckModel } from './modelReader';

/** Most joint assignments the verifier enumerates before falling back to structural checks. */
export const ENUMERATION_LIMIT = 1 << 21;

/**
 * Plain enumeration: Σ over every assignment of the free variables in `scope`
 * of Π_{v ∈ withFactor} P(v | parents), observed variables at their state and
 * intervened ones fixed (the truncated factorisation, Pearl 2009, eq. 3.10).
 * Returns P(target = s, evidence | do) per state, or null when a factor's
 * parents fall outside the scope or the scope is too large.
 */
export function enumerateJoint(
  model: CheckModel,
  scope: ReadonlySet<string>,
  withFactor: ReadonlySet<string>,
  target: string,
  intervened: ReadonlyMap<string, number>,
  observed: ReadonlyMap<string, number>,
): Float64Array | null {
  for (const v of scope) if (!withFactor.has(v) && !intervened.has(v) && !observed.has(v)) return null;
  const order = topologicalOrder(model, scope, withFactor);
  if (!order) return null;
  let size = 1;
  for (const v of order) if (!intervened.has(v) && !observed.has(v)) size *= model.get(v)!.states.length;
  if (size > ENUMERATION_LIMIT) return null;
  const value = new Map<string, number>([...intervened, ...observed]);
  const targetStates = model.get(target)!.states.length;
  const joint = new Float64Array(targetStates);
  const visit = (i: number, weight: number): void => {
    if (weight === 0) return;
    if (i === order.length) {
      joint[value.get(target)!]! += weight;
      return;
    }
    const v = order[i]!;
    const node = model.get(v)!;
    if (!withFactor.has(v)) return visit(i + 1, weight);
    const parentStates = node.parents.map((p) => value.get(p)!);
    const fixedState = observed.get(v);
    if (fixedState !== undefined) return visit(i + 1, weight * node.probability(fixedState, parentStates));
    for (let s = 0; s < node.states.length; s++) {
      value.set(v, s);
      visit(i + 1, weight * node.probability(s, parentStates));
    }
    value.delete(v);
  };
  visit(0, 1);
  return joint;
}

/** Scope in parents-first order; null if a member with a factor has a parent outside the scope. */
function topologicalOrder(model: CheckModel, scope: ReadonlySet<string>, withFactor: ReadonlySet<string>): string[] | null {
  const order: string[] = [];
  const state = new Map<string, 1 | 2>();
  const visit = (v: string): boolean => {
    if (state.get(v) === 2) return true;
    if (state.get(v) === 1) return false;
    state.set(v, 1);
    if (withFactor.has(v)) {
      for (const p of model.get(v)!.parents) {
        if (!scope.has(p) || !visit(p)) return false;
      }
    }
    state.set(v, 2);
    order.push(v);
    return true;
  };
  for (const v of scope) if (!visit(v)) return null;
  return order;
}

/** Ancestors of `seeds` in the mutilated graph (never walking into an intervened variable's parents). */
export function ancestralClosure(model: CheckModel, seeds: Iterable<string>, intervened: ReadonlyMap<string, number>): Set<string> {
  const seen = new Set<string>();
  const stack = [...seeds];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    if (!intervened.has(v)) stack.push(...model.get(v)!.parents);
  }
  return seen;
}
