import type { Evaluation } from '../Evaluation';
import type { Derivation } from '../proofs/Proof';
import type { Constant } from '../syntax/ast';

/** Identifies an input file so that a checker can tell it is reading the same one. */
export interface SourceFile {
  path: string;
  sha256: string;
}

export const PROOF_FORMAT = 'causeway.rules.proofs/1';

/** The document `rules eval --json` prints (docs/rules.md, "Proof format"). */
export interface EvalOutput {
  facts: Record<string, Constant[][]>;
  proofs: null | {
    format: typeof PROOF_FORMAT;
    program: SourceFile;
    factsFiles: SourceFile[];
    /** Every derived fact once, premises before the facts that use them. */
    derivations: Derivation[];
  };
}

/**
 * Facts of every predicate a rule derives, keyed by name — or by `name/arity`
 * where the program derives one name at several arities.
 */
export function evalOutput(evaluation: Evaluation, proofs: null | { program: SourceFile; factsFiles: SourceFile[] }): EvalOutput {
  const derived = evaluation.derivedPredicates();
  const names = derived.map((key) => key.slice(0, key.lastIndexOf('/')));
  const facts: Record<string, Constant[][]> = {};
  derived.forEach((key, i) => {
    const ambiguous = names.filter((n) => n === names[i]).length > 1;
    facts[ambiguous ? key : names[i]] = evaluation.facts(key);
  });
  return {
    facts,
    proofs: proofs && { format: PROOF_FORMAT, program: proofs.program, factsFiles: proofs.factsFiles, derivations: evaluation.allDerivations() },
  };
}
