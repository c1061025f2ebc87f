/**
 * Rule engine II: rule sets stored in the graph, materialised with derivation
 * records, maintained lazily by graph version (DRed + semi-naive over the
 * records), queried with proofs. docs/rules-graph.md.
 */
export { RuleService, DEFAULT_RULE_LIMITS, type RuleCallOptions } from './RuleService';
export { Materializer, type MaterializeOptions, type Snapshot } from './Materializer';
export { planMaintenance, type MaintenancePlan, type StoredDerived } from './planMaintenance';
export { parseGoal, matchGoal, type Goal } from './goal';
export { derivedFactId, factKey, relationshipTypeOf, typePredicateOf } from './factKeys';
export { compileRuleSet, checkRuleSetName } from './RuleSetStore';
export type { AskAnswer, BaseProvenance, MaterializeReport, PremiseRef, ProofNode, RuleLimits, RuleSetInfo } from './model';
