import { invalidQuery, invariant } from '../../errors';
import type { CausalModel, ModelVariable } from '../model/types';
import { NOISY_OR_STATES } from '../model/types';
import { hypotheticalCpt } from './twinMechanism';

/**
 * The twin network of a noisy-OR SCM (Balke & Pearl 1994; Pearl 2009 §7.1):
 * the actual world and a hypothetical world where `interventions` are set,
 * sharing every exogenous switch. Only descendants of the intervened
 * variables can differ between worlds, so only they are copied (the merging
 * of Shpitser & Pearl's counterfactual graph); for them the switches are made
 * summed out locally: V' becomes one CPT P(V' | V, pa, pa') (twinMechanism.ts).
 * Only a node whose copy would have over COMPACT_MAX_PARENTS parents gets
 * the switches as explicit nodes instead:
 *   ~leak(V)              root with P(true) = leak
 *   ~sw(P->V)             root with P(true) = strength (one per CAUSES/PREVENTS edge)
 *   ~and(P->V)            P ∧ ~sw(P->V), in each world
 *   V = [~leak(V) ∨ ⋁ cause ands] ∧ ¬⋁ preventer ands   (noisy-OR with strengths 1)
 * Marginalising the switches gives back the original mechanism, so the
 * actual world is the model itself.
 *
 * Only ancestors of `relevantTo` (the query's target, evidence and
 * intervened variables) enter the twin: the rest cannot change the answer,
 * and a twin per query shape stays small however large the model is.
 */
export interface TwinNetwork {
  readonly model: CausalModel;
  /** Name of a variable in the hypothetical world (itself where both worlds share it). */
  hypothetical(id: string): string;
  /** Variables copied into the hypothetical world. */
  readonly copied: readonly string[];
}

export const HYPOTHETICAL_SUFFIX = '@cf';

/** Above this many parents, a hypothetical copy keeps its switches as explicit nodes rather than one 2^parents table. */
export const COMPACT_MAX_PARENTS = 12;

const TWIN_CACHE_SIZE = 64;
const twins = new WeakMap<CausalModel, Map<string, TwinNetwork>>();

/** Twin networks are cached per model and per query shape (intervened and relevant variables, not their states). */
export function twinNetwork(model: CausalModel, interventions: readonly string[], relevantTo: readonly string[]): TwinNetwork {
  // Sorted, not deduplicated: a repeated name only makes a second key for the same twin.
  const key = interventions.slice().sort().join('\u0000') + '\u0001' + relevantTo.slice().sort().join('\u0000');
  let cache = twins.get(model);
  if (!cache) twins.set(model, (cache = new Map()));
  const cached = cache.get(key);
  if (cached) return cached;
  const twin = buildTwin(model, interventions, relevantTo);
  cache.set(key, twin);
  if (cache.size > TWIN_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return twin;
}

function buildTwin(model: CausalModel, interventions: readonly string[], relevantTo: readonly string[]): TwinNetwork {
  const byId = new Map(model.variables.map((v) => [v.id, v]));
  for (const v of model.variables) {
    if (v.mechanism.type !== 'noisy-or') {
      throw invalidQuery(`counterfactuals are exact only on noisy-OR models; "${v.id}" has a CPT`, 'model');
    }
  }
  const kept = new Set<string>();
  const up = [...relevantTo, ...interventions];
  while (up.length > 0) {
    const v = up.pop()!;
    if (kept.has(v) || !byId.has(v)) continue;
    kept.add(v);
    up.push(...byId.get(v)!.parents);
  }
  const children = new Map<string, string[]>([...kept].map((v) => [v, []]));
  for (const v of kept) for (const p of byId.get(v)!.parents) children.get(p)!.push(v);
  const copied = new Set<string>();
  const stack = [...interventions];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (copied.has(v)) continue;
    copied.add(v);
    stack.push(...children.get(v)!);
  }
  const doSet = new Set(interventions);
  const hypothetical = (id: string) => (copied.has(id) ? id + HYPOTHETICAL_SUFFIX : id);
  const variables: ModelVariable[] = [];
  const root = (id: string, leak: number) =>
    variables.push({ id, states: NOISY_OR_STATES, parents: [], mechanism: { type: 'noisy-or', leak, causeStrength: new Float64Array(0), preventStrength: new Float64Array(0) } });
  const and = (id: string, a: string, b: string) =>
    variables.push({
      id,
      states: NOISY_OR_STATES,
      parents: [a, b],
      // Rows (a, b) = (f,f), (f,t), (t,f), (t,t); states (false, true).
      mechanism: { type: 'cpt', table: Float64Array.of(1, 0, 1, 0, 1, 0, 0, 1) },
    });
  const orOfSwitches = (id: string, leakSwitch: string, causes: string[], preventers: string[]) =>
    variables.push({
      id,
      states: NOISY_OR_STATES,
      parents: [leakSwitch, ...causes, ...preventers],
      mechanism: {
        type: 'noisy-or',
        leak: 0,
        causeStrength: Float64Array.from([leakSwitch, ...causes, ...preventers], (_, i) => (i <= causes.length ? 1 : 0)),
        preventStrength: Float64Array.from([leakSwitch, ...causes, ...preventers], (_, i) => (i > causes.length ? 1 : 0)),
      },
    });

  for (const v of model.variables) {
    if (!kept.has(v.id)) continue;
    if (!copied.has(v.id) || doSet.has(v.id)) {
      variables.push(v); // shared by both worlds, or an intervened variable's actual-world self
      if (doSet.has(v.id)) root(hypothetical(v.id), 0); // set by do() in the hypothetical world
      continue;
    }
    const m = v.mechanism;
    invariant(m.type === 'noisy-or', 'checked above');
    const copiedParents = v.parents.filter((p) => copied.has(p));
    if (1 + v.parents.length + copiedParents.length <= COMPACT_MAX_PARENTS) {
      variables.push(v);
      const slots = v.parents.map((p) => (copied.has(p) ? 1 + v.parents.length + copiedParents.indexOf(p) : -1));
      const parents = [v.id, ...v.parents, ...copiedParents.map(hypothetical)];
      variables.push({ id: hypothetical(v.id), states: NOISY_OR_STATES, parents, mechanism: { type: 'cpt', table: hypotheticalCpt(m, slots, parents.length) } });
      continue;
    }
    const leakSwitch = `~leak(${v.id})`;
    root(leakSwitch, m.leak);
    const actual = { causes: [] as string[], preventers: [] as string[] };
    const other = { causes: [] as string[], preventers: [] as string[] };
    v.parents.forEach((p, i) => {
      for (const [kind, strength] of [
        ['CAUSES', m.causeStrength[i]!],
        ['PREVENTS', m.preventStrength[i]!],
      ] as const) {
        if (strength === 0) continue;
        const edge = `${p}->${v.id}:${kind}`;
        root(`~sw(${edge})`, strength);
        and(`~and(${edge})`, p, `~sw(${edge})`);
        and(`~and(${edge})${HYPOTHETICAL_SUFFIX}`, hypothetical(p), `~sw(${edge})`);
        (kind === 'CAUSES' ? actual.causes : actual.preventers).push(`~and(${edge})`);
        (kind === 'CAUSES' ? other.causes : other.preventers).push(`~and(${edge})${HYPOTHETICAL_SUFFIX}`);
      }
    });
    orOfSwitches(v.id, leakSwitch, actual.causes, actual.preventers);
    orOfSwitches(hypothetical(v.id), leakSwitch, other.causes, other.preventers);
  }
  const ids = new Set<string>();
  for (const v of variables) {
    if (ids.has(v.id)) throw invalidQuery(`the model already uses the name "${v.id}", which the twin network needs`, "model");
    ids.add(v.id);
  }
  return {
    model: { format: model.format, variables, confounded: [], assumptions: model.assumptions },
    hypothetical,
    copied: [...copied],
  };
}
