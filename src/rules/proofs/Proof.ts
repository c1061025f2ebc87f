import type { Constant } from '../syntax/ast';

/** A ground fact as proofs show it. */
export interface Fact {
  predicate: string;
  args: Constant[];
}

/** One inference step: the rule, the substitution, the facts it used. */
export interface Derivation {
  fact: Fact;
  /** The rule as written in the program, and where. */
  rule: { text: string; line: number };
  /** Values of the rule's variables (aggregate-local variables excluded). */
  substitution: Record<string, Constant>;
  /** The facts matched by the positive body atoms, in source order. */
  premises: Fact[];
  /** The negated body atoms, instantiated (`null` where the rule says `_`): none of them is in the result. */
  absent: Array<{ predicate: string; args: Array<Constant | null> }>;
  /** Per aggregate of the body, in source order: every combination of facts it aggregated. */
  aggregates: Array<{ variable: string; fn: string; value: Constant; facts: Fact[][] }>;
}

/**
 * A proof tree: a given fact, or a derivation whose premises are proved in
 * turn (shared subproofs are shared objects, so the tree is stored as a DAG).
 */
export type Proof =
  | { kind: 'input'; fact: Fact }
  | { kind: 'rule'; derivation: Derivation; premises: Proof[]; aggregated: Proof[][][] };
