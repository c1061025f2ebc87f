import type { CompiledModel } from '../model/compile';
import { scratchOf } from './scratch';

export interface RelevantPart {
  /** Variables whose mechanism (CPT or noisy-OR) enters the computation: Shachter's requisite nodes. */
  readonly requisite: Int32Array;
  /** Fixed variables (observed or intervened) that the computation reads. */
  readonly requisiteFixed: Int32Array;
  /** How many variables the query looked at: the ancestral set, the only part ever read. */
  readonly touched: number;
}

/**
 * The part of the mutilated graph a query P(target | do(D), E) depends on:
 *  1. the ancestral set of {target} ∪ E, walking parents but never through an
 *     intervened variable (its incoming edges are cut); barren descendants are
 *     never read;
 *  2. Bayes-Ball (Shachter 1998, "Bayes-Ball: the rational pastime") inside
 *     that set, with D ∪ E observed, dropping the parts d-separated from the
 *     target. Requisite nodes are the ones the ball marks on top.
 * `fixed[v]` is the state of an observed/intervened variable, −1 otherwise;
 * `intervened[v]` marks do-variables.
 */
export function relevantPart(
  model: CompiledModel,
  target: number,
  fixed: Int32Array,
  intervened: Uint8Array,
  evidence: readonly number[],
  ancestralOnly = false,
): RelevantPart {
  const ancestral = ancestralSet(model, [target, ...evidence], intervened);
  if (ancestralOnly) return wholeAncestralPart(model, ancestral, fixed, intervened);
  const { top, bottom } = scratchOf(model);
  // Schedule entries: variable * 2 + (1 if the visit comes from a child, 0 from a parent).
  const schedule: number[] = [target * 2 + 1];
  while (schedule.length > 0) {
    const entry = schedule.pop()!;
    const v = entry >> 1;
    const fromChild = (entry & 1) === 1;
    const observed = fixed[v]! >= 0;
    // Shachter's rules: an unobserved node visited from a child passes the ball up and down;
    // visited from a parent, an observed node bounces it back up, an unobserved one passes it down.
    const up = fromChild ? !observed : observed;
    const down = !observed;
    if (up && !top[v]) {
      top[v] = 1;
      if (!intervened[v]) for (const p of model.parents[v]!) schedule.push(p * 2 + 1);
    }
    if (down && !bottom[v]) {
      bottom[v] = 1;
      for (const c of model.children[v]!) if (ancestral.has(c) && !intervened[c]) schedule.push(c * 2);
    }
  }
  const requisite: number[] = [];
  for (const v of ancestral) {
    if (top[v] && !intervened[v]) requisite.push(v);
    // Every mark lies inside the ancestral set: clearing it there hands the scratch back clean.
    top[v] = 0;
    bottom[v] = 0;
  }
  return withFixedFamily(model, requisite, fixed, ancestral.size);
}

/** Without d-separation pruning: every non-intervened variable of the ancestral set (used to check P(evidence) > 0). */
function wholeAncestralPart(model: CompiledModel, ancestral: Set<number>, fixed: Int32Array, intervened: Uint8Array): RelevantPart {
  const requisite = [...ancestral].filter((v) => !intervened[v]);
  return withFixedFamily(model, requisite, fixed, ancestral.size);
}

function withFixedFamily(model: CompiledModel, requisite: number[], fixed: Int32Array, touched: number): RelevantPart {
  // Fixed variables read are those in a requisite node's family.
  const requisiteFixed: number[] = [];
  const readFixed = new Set<number>();
  for (const v of requisite) {
    if (fixed[v]! >= 0) readFixed.add(v);
    for (const p of model.parents[v]!) if (fixed[p]! >= 0) readFixed.add(p);
  }
  for (const v of readFixed) requisiteFixed.push(v);
  return {
    requisite: Int32Array.from(requisite).sort(),
    requisiteFixed: Int32Array.from(requisiteFixed).sort(),
    touched,
  };
}

function ancestralSet(model: CompiledModel, seeds: readonly number[], intervened: Uint8Array): Set<number> {
  const seen = new Set<number>(seeds);
  const stack = [...seeds];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (intervened[v]) continue;
    for (const p of model.parents[v]!) {
      if (!seen.has(p)) {
        seen.add(p);
        stack.push(p);
      }
    }
  }
  return seen;
}
