/**
 * The causal engine's public face: models (parse, build, validate), exact
 * interventional queries and causal effects with certificates. Pure: no I/O —
 * callers pass file text or rows read from the graph.
 */
export type { CausalModel, ModelVariable, Mechanism, ModelFormat } from './model/types';
export { NOISY_OR_STATES } from './model/types';
export { buildNoisyOrModel, buildCptModel } from './model/build';
export type { NoisyOrNodeInput, NoisyOrEdgeInput, NoisyOrBuildOptions, CptVariableInput, CptInput } from './model/build';
export { validateModel, findCycle } from './model/validate';
export { compileModel, clearCompiledModelCache, modelHash } from './model/compile';
export type { CompiledModel } from './model/compile';
export { parseModelText } from './parse/parseModel';
export { parseBif } from './parse/bif';
export { modelToJson } from './model/toJson';
export { queryDistribution } from './query/query';
export type { CausalQuery, QueryAnswer, QueryOptions, Assignment } from './query/query';
export { causalEffect } from './query/effect';
export type { EffectQuery, EffectAnswer, StateOf } from './query/effect';
export type { QueryCertificate, EffectCertificate, ModelSource, CertificateModel } from './query/certificate';
export { DEFAULT_LIMITS } from './inference/limits';
export type { InferenceLimits } from './inference/limits';
export * from './counterfactual';
export type { LinearProgram, LpSolution, LpSolver } from './lp/linearProgram';
