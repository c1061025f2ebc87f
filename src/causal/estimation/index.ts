/**
 * Estimation from data: CPTs fitted from observations under a Dirichlet
 * prior, and identified causal effects estimated by their estimand on the
 * empirical distribution, with a seeded bootstrap interval and DoWhy-style
 * refutations. Pure: callers pass CSV and model text. See docs/estimation.md.
 */
export { readEstimationModel, type EstimationModel } from './modelStructure';
export { parseObservations, DEFAULT_MAX_STATES, type Observations, type ObservationSchema } from './observations';
export { fitCpts, fitCptsFrom, DEFAULT_PRIOR, type DirichletPrior } from './fit';
export { estimateFromCsv, estimateEffect, identify, ESTIMATE_DEFAULTS, type EstimateOptions, type EstimateAnswer, type EstimateCertificate } from './estimate';
export type { EffectQuery, EffectParts, StateOf } from './effectEstimator';
export { refute, REFUTATION_Z, type RefutationTarget, type Refutations, type RefutationResult } from './refute';
export { seededRandom, type Random } from './random';
