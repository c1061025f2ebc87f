import { invalidQuery, invariant } from '../../errors';
import type { CausalModel, ModelVariable } from '../model/types';
import { NOISY_OR_STATES } from '../model/types';

/**
 * The twin network of a noisy-OR SCM (Balke & Pearl 1994; Pearl 2009 §7.1):
 * the actual world and a hypothetical world where `interventions` are set,
 * sharing every exogenous switch. Only descendants of the intervened
 * variables can differ between worlds, so only they are copied (the merging
 * of Shpitser & Pearl's counterfactual graph); for them the switches are made
 * explicit:
 *   ~leak(V)              root with P(true) = leak
 *   ~sw(P->V)             root with P(true) = strength (one per CAUSES/PREVENTS edge)
 *   ~and(P->V)            P ∧ ~sw(P->V), in each world
 *   V = [~leak(V) ∨ ⋁ cause ands] ∧ ¬⋁ preventer ands   (noisy-OR with strengths 1)
 * Marginalising the switches gives back the original mechanism, so the
 * actual world is the model itself.
 */
export interface TwinNetwork {
  readonly model: CausalModel;
  /** Name of a variable in the hypothetical world (itself where both worlds share it). */
  hypothetical(id: string): string;
  /** Variables copied into the hypothetical world. */
  readonly copied: readonly string[];
}

export const HYPOTHETICAL_SUFFIX = '@cf';

const twins = new WeakMap<CausalModel, Map<string, TwinNetwork>>();

export function twinNetwork(model: CausalModel, interventions: readonly string[]): TwinNetwork {
  const key = [...new Set(interventions)].sort().join('\u0000');
  let cache = twins.get(model);
  if (!cache) twins.set(model, (cache = new Map()));
  const cached = cache.get(key);
  if (cached) return cached;
  const twin = buildTwin(model, interventions);
  cache.set(key, twin);
  return twin;
}

function buildTwin(model: CausalModel, interventions: readonly string[]): TwinNetwork {
  const byId = new Map(model.variables.map((v) => [v.id, v]));
  for (const v of model.variables) {
    if (v.mechanism.type !== 'noisy-or') {
      throw invalidQuery(`counterfactuals are exact only on noisy-OR models; "${v.id}" has a CPT`, 'model');
    }
  }
  const children = new Map<string, string[]>(model.variables.map((v) => [v.id, []]));
  for (const v of model.variables) for (const p of v.parents) children.get(p)!.push(v.id);
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
    if (!copied.has(v.id) || doSet.has(v.id)) {
      variables.push(v); // shared by both worlds, or an intervened variable's actual-world self
      if (doSet.has(v.id)) root(hypothetical(v.id), 0); // set by do() in the hypothetical world
      continue;
    }
    const m = v.mechanism;
    invariant(m.type === 'noisy-or', 'checked above');
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
