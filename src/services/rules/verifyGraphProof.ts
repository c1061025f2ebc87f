import type { GraphClient, TransactionOptions } from '../../graph';
import type { Fact } from '../../rules';
import { checkDerivations } from '../../verify/rules/checkDerivations';
import { readStatements } from '../../verify/rules/datalogText';
import type { VerifyOutcome } from '../../verify/VerifyOutcome';
import { relationshipTypeOf, typePredicateOf } from './factKeys';
import type { ProofNode } from './model';
import { baseLeaves, derivationsOf } from './proofTrees';

/**
 * Checks a proof tree from `ask` or `explain` with the independent checker of
 * src/verify/rules (its own parser, no engine code): every base leaf must be
 * stored in the graph now, as the fact it claims to be; every derivation must
 * replay against the rule set's current text. Negated atoms are checked
 * against the facts of the proof only (the checker sees no whole model here).
 */
export async function verifyGraphProof(graph: GraphClient, ruleText: string, proof: ProofNode, tx?: TransactionOptions): Promise<VerifyOutcome> {
  let statements;
  try {
    statements = readStatements(ruleText);
  } catch (error) {
    return { valid: false, step: 'program', reason: (error as Error).message };
  }
  const leaves = baseLeaves(proof);
  const leafCheck = await checkLeaves(graph, leaves, tx);
  if (leafCheck) return leafCheck;
  const derivations = derivationsOf(proof);
  const resultFacts: Record<string, Fact['args'][]> = {};
  for (const d of derivations) (resultFacts[`${d.fact.predicate}/${d.fact.args.length}`] ??= []).push(d.fact.args);
  return checkDerivations({
    statements,
    givenFacts: leaves.filter((l) => l.ref !== 'program').map((l) => l.fact),
    resultFacts: resultFacts as never,
    derivations: JSON.parse(JSON.stringify(derivations)) as unknown[],
  });
}

/** A leaf is a base fact still in the graph: the relation with those endpoints (and strength), or the entity with that type. */
async function checkLeaves(graph: GraphClient, leaves: ReturnType<typeof baseLeaves>, tx?: TransactionOptions): Promise<VerifyOutcome | undefined> {
  const relationIds = leaves.filter((l) => l.ref === 'relation').map((l) => l.factId);
  const entityIds = leaves.filter((l) => l.ref === 'entity').map((l) => l.factId);
  const relations = new Map<string, Record<string, unknown>>();
  const entities = new Map<string, Record<string, unknown>>();
  if (relationIds.length > 0) for (const row of await graph.readQuery('relations/read-relations-by-id', { ids: relationIds }, tx)) if (row.relation) relations.set(String(row.id), row.relation as Record<string, unknown>);
  if (entityIds.length > 0) for (const row of await graph.readQuery('entities/read-entities-by-id', { ids: entityIds }, tx)) if (row.entity) entities.set(String(row.id), row.entity as Record<string, unknown>);
  for (const leaf of leaves) {
    const { predicate, args } = leaf.fact;
    const show = `${predicate}(${args.map((a) => JSON.stringify(a)).join(', ')})`;
    const invalid = (reason: string): VerifyOutcome => ({ valid: false, step: `base fact ${show}`, reason });
    if (leaf.ref === 'relation') {
      const r = relations.get(leaf.factId);
      if (!r) return invalid(`no relation has id "${leaf.factId}"`);
      const same = r.type === relationshipTypeOf(predicate) && r.from === args[0] && r.to === args[1] && (args.length === 2 || (args.length === 3 && r.strength === args[2]));
      if (!same) return invalid(`relation ${leaf.factId} is ${String(r.from)} -[${String(r.type)} ${String(r.strength)}]-> ${String(r.to)}`);
    } else if (leaf.ref === 'entity') {
      const e = entities.get(leaf.factId);
      if (!e) return invalid(`no entity has id "${leaf.factId}"`);
      const type = String(e.type);
      const same =
        args[0] === leaf.factId &&
        ((predicate === 'entity' && args.length === 1) || (predicate === 'entity_type' && args[1] === type) || (args.length === 1 && typePredicateOf(type) === predicate));
      if (!same) return invalid(`entity ${leaf.factId} (type ${type}) does not make this fact`);
    } else if (leaf.ref !== 'program') {
      return invalid(`a leaf must be a base fact, not ${leaf.ref}`);
    }
  }
  return undefined;
}
