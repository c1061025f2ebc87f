import type { CausalStructure } from './CausalGraph';
import type { Identification, NamedExpr, NamedHedge } from './identify';

/**
 * What an independent checker needs to re-derive an identification answer:
 * the graph itself, the query, and the method's witness — the adjustment set
 * (re-test the back-door criterion), the front-door set (re-test its three
 * conditions), the estimand as a tree (evaluate it against the truncated
 * factorisation on random parameters), or the hedge (re-check both C-forests).
 */
export interface IdentificationCertificate {
  kind: 'identification';
  graph: CausalStructure;
  query: { treatment: string[]; outcome: string[] };
  method: Identification['method'];
  identifiable: boolean;
  estimand: string | null;
  adjustmentSet?: string[];
  frontdoorSet?: string[];
  estimandTree?: NamedExpr;
  hedge?: NamedHedge;
  derivation?: Identification['derivation'];
}

export function identificationCertificate(
  structure: CausalStructure,
  query: { treatment: string[]; outcome: string[] },
  answer: Identification,
): IdentificationCertificate {
  const base = { kind: 'identification' as const, graph: structure, query, method: answer.method, identifiable: answer.identifiable, estimand: answer.estimand };
  if (!answer.identifiable) return { ...base, hedge: answer.hedge, derivation: answer.derivation };
  return {
    ...base,
    ...(answer.adjustmentSet ? { adjustmentSet: answer.adjustmentSet } : {}),
    ...(answer.frontdoorSet ? { frontdoorSet: answer.frontdoorSet } : {}),
    estimandTree: answer.expression,
    ...(answer.derivation ? { derivation: answer.derivation } : {}),
  };
}

/** The JSON `causeway causal identify` prints: the answer and its certificate. */
export interface IdentificationOutput {
  identifiable: boolean;
  method: Identification['method'];
  adjustmentSet?: string[];
  estimand: string | null;
  hedge?: NamedHedge;
  certificate: IdentificationCertificate;
}

export function identificationOutput(structure: CausalStructure, query: { treatment: string[]; outcome: string[] }, answer: Identification): IdentificationOutput {
  return {
    identifiable: answer.identifiable,
    method: answer.method,
    ...(answer.identifiable && answer.adjustmentSet ? { adjustmentSet: answer.adjustmentSet } : {}),
    estimand: answer.estimand,
    ...(answer.identifiable ? {} : { hedge: answer.hedge }),
    certificate: identificationCertificate(structure, query, answer),
  };
}
