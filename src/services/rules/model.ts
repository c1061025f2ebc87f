/**
 * Rule sets over the graph, as the rule service hands them out. Storage shape
 * and the maintenance strategy: docs/rules-graph.md.
 */
import type { Constant, Derivation, Fact } from '../../rules';

export interface RuleSetInfo {
  name: string;
  text: string;
  sha256: string;
  createdAt: string;
  updatedAt: string;
  definedBy: string;
  /** The graph version whose base facts the stored derived facts reflect; -1 before the first materialisation. */
  materializedVersion: number;
  derivedCount: number | null;
}

/** Where a premise of a stored derivation lives: a base fact in the graph, a fact written in the rule text, or another derived fact. */
export interface PremiseRef {
  kind: 'relation' | 'entity' | 'program' | 'derived';
  /** Relation id, entity id, derived-fact id; '' for facts written in the program. */
  id: string;
  fact: Fact;
}

/** A base fact's origin: the sentences that support it, or who asserted it and when. */
export interface BaseProvenance {
  assertedBy: string | null;
  createdAt: string | null;
  source: string | null;
  supports: Array<{ confidence: number; sentence: { id: string; idx: number; text: string; documentId: string }; document: { id: string; uri: string | null; title: string | null } }>;
}

/** A proof tree over the graph: derived nodes carry their inference step, leaves their provenance. */
export type ProofNode =
  | { kind: 'base'; factId: string; ref: PremiseRef['kind']; fact: Fact; provenance: BaseProvenance | null }
  | { kind: 'derived'; factId: string; fact: Fact; derivation: Derivation; premises: ProofNode[] };

export interface MaterializeReport {
  ruleSet: string;
  graphVersion: number;
  /** 'fresh': nothing changed since the last run; 'incremental': maintained from the stored state; 'full': no usable stored state. */
  mode: 'fresh' | 'incremental' | 'full';
  /** What was read of the base facts: nothing (fresh), only what the graph's change log names since the last run, or all of them. */
  baseRead: 'none' | 'changes' | 'all';
  baseFacts: number;
  derivedFacts: number;
  written: number;
  deleted: number;
  /** Derived facts whose stored derivation lost a premise but that still hold (re-derived with a new record). */
  rederived: number;
  milliseconds: { read: number; evaluate: number; derive: number; write: number; total: number };
}

export interface AskAnswer {
  bindings: Record<string, Constant>;
  fact: Fact;
  factId: string;
  proof: ProofNode | null;
}

export interface RuleLimits {
  maxDerivedFacts?: number;
  timeoutMs?: number;
}
