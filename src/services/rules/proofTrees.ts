import type { Derivation, Fact, Proof } from '../../rules';
import { derivedFactId, factKey } from './factKeys';
import type { BaseProvenance, PremiseRef, ProofNode } from './model';

/** The engine's proof of a fact, with graph ids on every node (shared subproofs stay shared). */
export function toProofNode(proof: Proof, ruleSet: string, refOf: (fact: Fact) => PremiseRef): ProofNode {
  const memo = new Map<Proof, ProofNode>();
  const stack: Array<{ proof: Proof; expanded: boolean }> = [{ proof, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (memo.has(top.proof)) {
      stack.pop();
      continue;
    }
    if (top.proof.kind === 'input') {
      const ref = refOf(top.proof.fact);
      memo.set(top.proof, { kind: 'base', factId: ref.id, ref: ref.kind, fact: top.proof.fact, provenance: null });
      stack.pop();
      continue;
    }
    const children = [...top.proof.premises, ...top.proof.aggregated.flat(2)];
    if (!top.expanded) {
      top.expanded = true;
      for (const child of children) if (!memo.has(child)) stack.push({ proof: child, expanded: false });
      continue;
    }
    stack.pop();
    const { derivation } = top.proof;
    memo.set(top.proof, { kind: 'derived', factId: derivedFactId(ruleSet, derivation.fact), fact: derivation.fact, derivation, premises: children.map((c) => memo.get(c)!) });
  }
  return memo.get(proof)!;
}

/** Every base leaf of a tree, once each. */
export function baseLeaves(root: ProofNode): Array<Extract<ProofNode, { kind: 'base' }>> {
  const seen = new Set<ProofNode>();
  const leaves: Array<Extract<ProofNode, { kind: 'base' }>> = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    if (node.kind === 'base') leaves.push(node);
    else stack.push(...node.premises);
  }
  return leaves;
}

export function attachProvenance(root: ProofNode, provenance: ReadonlyMap<string, BaseProvenance>): void {
  for (const leaf of baseLeaves(root)) leaf.provenance = provenance.get(`${leaf.ref}:${leaf.factId}`) ?? null;
}

/** Derivations of a tree, premises before conclusions (the order `causeway verify` replays). */
export function derivationsOf(root: ProofNode): Derivation[] {
  const done = new Set<string>();
  const out: Derivation[] = [];
  const stack: Array<{ node: ProofNode; expanded: boolean }> = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const key = factKey(top.node.fact);
    if (top.node.kind === 'base' || done.has(key)) {
      stack.pop();
      continue;
    }
    if (!top.expanded) {
      top.expanded = true;
      for (const p of top.node.premises) stack.push({ node: p, expanded: false });
      continue;
    }
    stack.pop();
    done.add(key);
    out.push(top.node.derivation);
  }
  return out;
}
