import type { Fact, Proof } from './Proof';

export function formatFact(fact: Fact): string {
  return `${fact.predicate}(${fact.args.map((a) => (typeof a === 'string' ? JSON.stringify(a) : String(a))).join(', ')})`;
}

/** A proof tree as indented text, conclusion first (for people; JSON is for machines). */
export function formatProof(proof: Proof, indent = ''): string {
  if (proof.kind === 'input') return `${indent}${formatFact(proof.fact)}    [given]`;
  const d = proof.derivation;
  const lines = [`${indent}${formatFact(d.fact)}    [line ${d.rule.line}: ${d.rule.text}]`];
  for (const premise of proof.premises) lines.push(formatProof(premise, `${indent}  `));
  for (const a of d.absent) lines.push(`${indent}  not ${a.predicate}(${a.args.map((v) => (v === null ? '_' : JSON.stringify(v))).join(', ')})    [absent]`);
  proof.aggregated.forEach((groups, i) => {
    lines.push(`${indent}  ${d.aggregates[i].variable} = ${d.aggregates[i].fn} = ${JSON.stringify(d.aggregates[i].value)} over ${groups.length} match(es)`);
    for (const group of groups) for (const p of group) lines.push(formatProof(p, `${indent}    `));
  });
  return lines.join('\n');
}
