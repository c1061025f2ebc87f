/**
 * How sentences combine into one relation's strength (docs/design.md, README):
 * independent pieces of evidence with confidences c₁…cₙ combine by noisy-OR,
 *   strength = 1 − Π (1 − cᵢ),
 * the probability that at least one of them is right. A caller-asserted
 * strength (source "asserted") is kept as given; evidence then only counts.
 */
export function combineEvidence(confidences: readonly number[]): number {
  let miss = 1;
  for (const c of confidences) miss *= 1 - c;
  return 1 - miss;
}
