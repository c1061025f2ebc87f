/**
 * How sentences combine into one relation's strength (docs/design.md, README):
 * independent pieces of evidence with confidences c₁…cₙ combine by noisy-OR,
 *   strength = 1 − Π (1 − cᵢ),
 * the probability that at least one of them is right. A caller-asserted
 * strength (source "asserted") is kept as given; evidence then only counts.
 * The relation upsert computes the same fold in Cypher
 * (cypher/relations/upsert-relations.template.cypher); both fold in ascending
 * order, so the float does not depend on the order supports are read in and
 * re-ingesting the same evidence finds the stored strength unchanged.
 */
export function combineEvidence(confidences: readonly number[]): number {
  // s ← s + c(1 − s) is the same product, folded so one sentence gives exactly its c.
  let strength = 0;
  for (const c of [...confidences].sort((x, y) => x - y)) strength += c * (1 - strength);
  return strength;
}
