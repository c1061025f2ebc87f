/** Counterfactuals and probabilities of causation (issue 5, part 1): twin networks on noisy-OR, Tian–Pearl bounds on CPTs. */
export { counterfactualQuery, lpAnswer } from './counterfactual';
export { responseFunctionBounds, LP_LIMITS } from './responseLp';
export type { ResponseLpCertificate, LpBound } from './responseLp';
export type { CounterfactualQuery, CounterfactualAnswer, CounterfactualCertificate, CounterfactualOptions } from './counterfactual';
export { probabilitiesOfCausation } from './necessity';
export type { Causation, NecessityAnswer, NecessityCertificate } from './necessity';
export { pnBounds, psBounds, pnsBounds, oppositeArmBounds } from './bounds';
export type { Interval, NecessityInputs } from './bounds';
export { twinNetwork, HYPOTHETICAL_SUFFIX } from './twinNetwork';
export type { TwinNetwork } from './twinNetwork';
