import { hash } from 'node:crypto';
import type { Constant, Fact } from '../../rules';

/** One string per ground fact (name and arguments; the arity is the argument count). */
export const factKey = (fact: Fact): string => JSON.stringify([fact.predicate, ...fact.args]);

/** Adds a fact to tuple lists by predicate (an engine input, or one side of a change of base facts). */
export function addFact(into: Map<string, Constant[][]>, fact: Fact): void {
  const list = into.get(fact.predicate);
  if (list) list.push(fact.args);
  else into.set(fact.predicate, [fact.args]);
}

export const predicateKeyOf = (fact: Fact): string => `${fact.predicate}/${fact.args.length}`;

/**
 * A derived fact's id is a digest of its rule set and content, so the same
 * fact derived again keeps its id (maintenance diffs by id), and two rule sets
 * deriving one fact own separate copies (deleting one set retracts only its own).
 */
export function derivedFactId(ruleSet: string, fact: Fact): string {
  // One-shot hash: 2.6x createHash() per fact, and a materialisation names millions of them.
  return `df-${hash('sha256', `${ruleSet}\u0000${factKey(fact)}`).slice(0, 32)}`;
}

/** `indirectly_causes` ↔ `INDIRECTLY_CAUSES`: predicates name relationship types in lower case. */
export const relationshipTypeOf = (predicate: string): string => predicate.toUpperCase();

/** `RiskFactor` → `risk_factor`, `Drug` → `drug`: the unary predicate that holds for entities of a type. */
export function typePredicateOf(entityType: string): string {
  return entityType
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .toLowerCase();
}
