/**
 * The knowledge graph's values as services hand them to callers (plain JS,
 * timestamps as ISO-8601 strings). Storage shape: src/services/kg/README.md.
 */
export type RelationSource = 'asserted' | 'extracted' | 'inferred';

export interface Entity {
  id: string;
  name: string;
  type: string;
  aliases: string[];
  description: string | null;
  baseRate: number | null;
  states: string[] | null;
  /** One row per parent configuration (see docs/design.md, CPT JSON); stored as JSON text. */
  cpt: number[][] | null;
  createdAt: string;
  updatedAt: string;
  assertedBy: string;
}

export interface Relation {
  id: string;
  type: string;
  from: string;
  to: string;
  strength: number | null;
  confidence: number | null;
  source: RelationSource;
  evidenceCount: number;
  createdAt: string;
  updatedAt: string;
  assertedBy: string;
}

export interface DocumentInfo {
  id: string;
  uri: string | null;
  sha256: string | null;
  title: string | null;
  createdAt: string;
  assertedBy: string;
}

export interface Sentence {
  id: string;
  documentId: string;
  idx: number;
  text: string;
  /** Character offsets of the sentence in its document, [start, end). */
  start: number;
  end: number;
}

export interface Mention {
  id: string;
  sentenceId: string;
  entityId: string;
  /** Character offsets in the document, [start, end). */
  start: number;
  end: number;
  text: string;
}

/** One sentence supporting one relation, with the extractor's confidence. */
export interface Support {
  relationId: string;
  sentenceId: string;
  confidence: number;
}

/** A read that depends on the graph reports the version it read. */
export interface Versioned<T> {
  graphVersion: number;
  value: T;
}

/** The relationship types the provenance structure uses; not available as predicates. */
export const STRUCTURAL_TYPES: ReadonlySet<string> = new Set(['HAS_SENTENCE', 'HAS_MENTION', 'REFERS_TO', 'SUPPORTS']);
export const CAUSAL_TYPES: ReadonlySet<string> = new Set(['CAUSES', 'PREVENTS']);
/** Types whose endpoints must differ: a cause of itself or a confounder of itself means nothing. */
export const NO_SELF_LOOP_TYPES: ReadonlySet<string> = new Set(['CAUSES', 'PREVENTS', 'CONFOUNDED']);
