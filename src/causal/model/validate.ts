import { invalidModel } from '../../errors';
import type { CausalModel, ModelVariable } from './types';

/** Row sums may miss 1 by this much (published networks miss by ~1e-7); rows are used as given. */
export const ROW_SUM_TOLERANCE = 1e-6;

/**
 * Checks a model once, at the boundary (pgmpy's check_model): unique ids,
 * known parents, probabilities in [0,1], rows summing to 1, acyclicity.
 * Throws INVALID_MODEL naming the variable, row or cycle at fault.
 */
export function validateModel(model: CausalModel): void {
  const byId = new Map<string, ModelVariable>();
  for (const variable of model.variables) {
    if (byId.has(variable.id)) throw invalidModel(`variable "${variable.id}" is defined twice`, { variable: variable.id });
    byId.set(variable.id, variable);
  }
  for (const variable of model.variables) {
    checkStates(variable);
    for (const parent of variable.parents) {
      if (!byId.has(parent)) {
        throw invalidModel(`"${variable.id}" has unknown parent "${parent}"`, { variable: variable.id, parent });
      }
    }
    if (new Set(variable.parents).size !== variable.parents.length) {
      throw invalidModel(`"${variable.id}" lists a parent twice`, { variable: variable.id });
    }
    checkMechanism(variable, byId);
  }
  for (const [a, b] of model.confounded) {
    for (const id of [a, b]) {
      if (!byId.has(id)) throw invalidModel(`confounded pair names unknown variable "${id}"`, { variable: id });
    }
  }
  const cycle = findCycle(model.variables);
  if (cycle) throw invalidModel(`the causal graph has a cycle: ${cycle.join(' -> ')}`, { cycle });
}

function checkStates(variable: ModelVariable): void {
  if (variable.states.length < 1) throw invalidModel(`"${variable.id}" has no states`, { variable: variable.id });
  if (new Set(variable.states).size !== variable.states.length) {
    throw invalidModel(`"${variable.id}" lists a state twice`, { variable: variable.id });
  }
}

function checkProbability(value: number, where: string, variable: string): void {
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw invalidModel(`${where} of "${variable}" is ${value}, outside [0, 1]`, { variable });
  }
}

function checkMechanism(variable: ModelVariable, byId: Map<string, ModelVariable>): void {
  const mechanism = variable.mechanism;
  if (mechanism.type === 'noisy-or') {
    checkProbability(mechanism.leak, 'leak', variable.id);
    variable.parents.forEach((parent, i) => {
      checkProbability(mechanism.causeStrength[i]!, `strength of ${parent} -> ${variable.id}`, variable.id);
      checkProbability(mechanism.preventStrength[i]!, `preventing strength of ${parent} -> ${variable.id}`, variable.id);
      if (byId.get(parent)!.states.length !== 2) {
        throw invalidModel(`noisy-OR parent "${parent}" of "${variable.id}" must be binary`, { variable: variable.id, parent });
      }
    });
    return;
  }
  const cardinality = variable.states.length;
  const rows = variable.parents.reduce((n, p) => n * byId.get(p)!.states.length, 1);
  if (mechanism.table.length !== rows * cardinality) {
    throw invalidModel(
      `CPT of "${variable.id}" has ${mechanism.table.length} entries, expected ${rows} rows × ${cardinality} states`,
      { variable: variable.id },
    );
  }
  for (let row = 0; row < rows; row++) {
    let sum = 0;
    for (let s = 0; s < cardinality; s++) {
      const value = mechanism.table[row * cardinality + s]!;
      checkProbability(value, `CPT entry (row ${row}, state ${variable.states[s]})`, variable.id);
      sum += value;
    }
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
      throw invalidModel(`row ${row} of the CPT of "${variable.id}" sums to ${sum}, not 1 (±${ROW_SUM_TOLERANCE})`, {
        variable: variable.id,
        row,
        sum,
      });
    }
  }
}

/** Iterative three-colour DFS; returns the cycle as [v0, …, vk, v0] or null. */
export function findCycle(variables: readonly ModelVariable[]): string[] | null {
  const children = new Map<string, string[]>();
  for (const v of variables) children.set(v.id, []);
  for (const v of variables) for (const p of v.parents) children.get(p)?.push(v.id);
  const colour = new Map<string, 0 | 1 | 2>();
  for (const root of variables) {
    if (colour.get(root.id)) continue;
    const stack: { id: string; next: number }[] = [{ id: root.id, next: 0 }];
    const path: string[] = [root.id];
    colour.set(root.id, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const kids = children.get(top.id)!;
      if (top.next < kids.length) {
        const child = kids[top.next++]!;
        const c = colour.get(child) ?? 0;
        if (c === 1) return [...path.slice(path.indexOf(child)), child];
        if (c === 0) {
          colour.set(child, 1);
          stack.push({ id: child, next: 0 });
          path.push(child);
        }
      } else {
        colour.set(top.id, 2);
        stack.pop();
        path.pop();
      }
    }
  }
  return null;
}
