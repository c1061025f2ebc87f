import { createHash } from 'node:crypto';
import type { CausalModel, Mechanism } from './types';

/**
 * A model in the index-based form inference works on, built once per model
 * and cached by the model's content hash (so a graph re-read at the same
 * version reuses it) and by object identity (so a warm caller pays nothing).
 */
export interface CompiledModel {
  readonly model: CausalModel;
  /** sha256 of a canonical serialisation of the model's content. */
  readonly hash: string;
  readonly ids: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  readonly card: Int32Array;
  readonly parents: readonly Int32Array[];
  readonly children: readonly Int32Array[];
  readonly mechanisms: readonly Mechanism[];
  readonly states: readonly (readonly string[])[];
  /** 1 where the mechanism can give probability 0 to some state (a zero CPT entry, a leak of 0 or 1, a strength of 1). */
  readonly mayBeZero: Uint8Array;
}

const CACHE_SIZE = 16;
const byHash = new Map<string, CompiledModel>();
const byObject = new WeakMap<CausalModel, CompiledModel>();

export function compileModel(model: CausalModel): CompiledModel {
  const known = byObject.get(model);
  if (known) return known;
  const hash = modelHash(model);
  const cached = byHash.get(hash);
  if (cached) {
    byObject.set(model, cached);
    return cached;
  }
  const compiled = buildCompiled(model, hash);
  byHash.set(hash, compiled);
  if (byHash.size > CACHE_SIZE) byHash.delete(byHash.keys().next().value!);
  byObject.set(model, compiled);
  return compiled;
}

/** Drops every cached compilation (e.g. after a graph write invalidates its version). */
export function clearCompiledModelCache(): void {
  byHash.clear();
}

export function modelHash(model: CausalModel): string {
  const hash = createHash('sha256');
  for (const v of model.variables) {
    hash.update(JSON.stringify([v.id, v.states, v.parents]));
    const m = v.mechanism;
    if (m.type === 'cpt') hash.update('cpt' + Array.from(m.table).join(','));
    else hash.update(`noisy-or${m.leak};${Array.from(m.causeStrength).join(',')};${Array.from(m.preventStrength).join(',')}`);
    hash.update('\n');
  }
  return hash.digest('hex');
}

function buildCompiled(model: CausalModel, hash: string): CompiledModel {
  const ids = model.variables.map((v) => v.id);
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const card = Int32Array.from(model.variables, (v) => v.states.length);
  const parents = model.variables.map((v) => Int32Array.from(v.parents, (p) => indexOf.get(p)!));
  const childLists: number[][] = ids.map(() => []);
  parents.forEach((ps, child) => ps.forEach((p) => childLists[p]!.push(child)));
  return {
    model,
    hash,
    ids,
    indexOf,
    card,
    parents,
    children: childLists.map((c) => Int32Array.from(c)),
    mechanisms: model.variables.map((v) => v.mechanism),
    states: model.variables.map((v) => v.states),
    mayBeZero: Uint8Array.from(model.variables, (v) => (mechanismMayBeZero(v.mechanism) ? 1 : 0)),
  };
}

function mechanismMayBeZero(m: Mechanism): boolean {
  if (m.type === 'cpt') return m.table.some((p) => p === 0);
  return m.leak === 0 || m.leak === 1 || m.causeStrength.some((s) => s === 1) || m.preventStrength.some((s) => s === 1);
}
