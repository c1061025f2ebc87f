import type { CompiledModel } from '../model/compile';

/**
 * Model-sized work arrays, allocated once per compiled model and handed back
 * clean after every query. On a 100k-variable model, allocating them per
 * query cost more in garbage collection than the inference itself.
 * Queries are synchronous, so one set per model is never shared by two.
 */
export interface Scratch {
  /** State of each fixed variable, −1 elsewhere. */
  readonly fixed: Int32Array;
  readonly intervened: Uint8Array;
  /** Bayes-Ball marks. */
  readonly top: Uint8Array;
  readonly bottom: Uint8Array;
}

const scratches = new WeakMap<CompiledModel, Scratch>();

export function scratchOf(model: CompiledModel): Scratch {
  let scratch = scratches.get(model);
  if (!scratch) {
    const n = model.card.length;
    scratch = { fixed: new Int32Array(n).fill(-1), intervened: new Uint8Array(n), top: new Uint8Array(n), bottom: new Uint8Array(n) };
    scratches.set(model, scratch);
  }
  return scratch;
}
