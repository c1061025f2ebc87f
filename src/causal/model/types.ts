/**
 * The causal model every query runs on, whatever it was read from (BIF, CPT
 * JSON, noisy-OR JSON, or graph rows handed over by a service). Plain data,
 * treated as immutable once built.
 */

/** P(X | parents) as a table: one row per parent configuration, first parent varying slowest. */
export interface CptMechanism {
  readonly type: 'cpt';
  /** rows × states, row-major; values used as given (not renormalised). */
  readonly table: Float64Array;
}

/**
 * Noisy-OR with inhibitors (design.md, Causal semantics):
 * P(X=true | pa) = [1 − (1 − leak) · Π_{active causes i}(1 − c_i)] · Π_{active preventers j}(1 − p_j).
 * One exogenous switch per edge and one for the leak make it a structural causal model.
 */
export interface NoisyOrMechanism {
  readonly type: 'noisy-or';
  readonly leak: number;
  /** Aligned with `parents`; 0 where the parent has no CAUSES edge. */
  readonly causeStrength: Float64Array;
  /** Aligned with `parents`; 0 where the parent has no PREVENTS edge. */
  readonly preventStrength: Float64Array;
}

export type Mechanism = CptMechanism | NoisyOrMechanism;

export interface ModelVariable {
  readonly id: string;
  /** Noisy-OR variables have states ['false', 'true'] (index = truth value). */
  readonly states: readonly string[];
  readonly parents: readonly string[];
  readonly mechanism: Mechanism;
}

export type ModelFormat = 'bif' | 'cpt-json' | 'noisy-or-json' | 'graph';

export interface CausalModel {
  readonly format: ModelFormat;
  readonly variables: readonly ModelVariable[];
  /** Declared latent confounders (bidirected edges); used by identification, ignored by inference. */
  readonly confounded: readonly (readonly [string, string])[];
  /** What the model builder had to assume (e.g. a default base rate) — carried into every certificate. */
  readonly assumptions: readonly string[];
}

export const NOISY_OR_STATES: readonly string[] = Object.freeze(['false', 'true']);
