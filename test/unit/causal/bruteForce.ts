import type { CausalModel, ModelVariable } from '../../../src/causal';

/**
 * The tests' own reference: P(target | do, given) by summing the truncated
 * factorisation over every assignment of the ancestral part of the mutilated
 * graph. Shares nothing with the engine's inference (it reads the parsed
 * model's tables only). Returns null when the part has more than `limit`
 * assignments, and 'zero' when the evidence is impossible.
 */
export function bruteForce(
  model: CausalModel,
  target: string,
  doing: Record<string, string>,
  given: Record<string, string>,
  limit = 1 << 16,
): Record<string, number> | 'zero' | null {
  const byId = new Map(model.variables.map((v) => [v.id, v]));
  const scope: ModelVariable[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const v = byId.get(id)!;
    if (!(id in doing)) v.parents.forEach(visit);
    scope.push(v); // parents first
  };
  [target, ...Object.keys(given)].forEach(visit);
  let size = 1;
  for (const v of scope) if (!(v.id in doing) && !(v.id in given)) size *= v.states.length;
  if (size > limit) return null;
  const value = new Map<string, number>();
  for (const [id, s] of Object.entries({ ...given, ...doing })) value.set(id, byId.get(id)!.states.indexOf(s));
  const targetVar = byId.get(target)!;
  const joint = new Array<number>(targetVar.states.length).fill(0);
  const rec = (i: number, weight: number) => {
    if (i === scope.length) {
      joint[value.get(target)!]! += weight;
      return;
    }
    const v = scope[i]!;
    if (v.id in doing) return rec(i + 1, weight);
    const states = v.id in given ? [value.get(v.id)!] : v.states.map((_, s) => s);
    for (const s of states) {
      value.set(v.id, s);
      rec(i + 1, weight * conditional(v, s, v.parents.map((p) => value.get(p)!), v.parents.map((p) => byId.get(p)!.states.length)));
    }
    if (!(v.id in given)) value.delete(v.id);
  };
  rec(0, 1);
  const total = joint.reduce((a, b) => a + b, 0);
  if (total === 0) return 'zero';
  return Object.fromEntries(targetVar.states.map((s, i) => [s, joint[i]! / total]));
}

function conditional(v: ModelVariable, state: number, parentStates: number[], parentCards: number[]): number {
  const m = v.mechanism;
  if (m.type === 'cpt') {
    // Row index with the first parent varying slowest — recomputed from the parents' state counts.
    let row = 0;
    let stride = 1;
    for (let i = parentStates.length - 1; i >= 0; i--) {
      row += parentStates[i]! * stride;
      stride *= parentCards[i]!;
    }
    return m.table[row * v.states.length + state]!;
  }
  let allFail = 1 - m.leak;
  let noBlock = 1;
  parentStates.forEach((s, i) => {
    if (s === 1) {
      allFail *= 1 - m.causeStrength[i]!;
      noBlock *= 1 - m.preventStrength[i]!;
    }
  });
  const on = (1 - allFail) * noBlock;
  return state === 1 ? on : 1 - on;
}

