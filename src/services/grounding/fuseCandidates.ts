import type { Entity } from '../kg';
import { lexicalMatch } from './lexicalMatch';

/** The entity fields grounding reads and returns. */
export type GroundedEntity = Pick<Entity, 'id' | 'name' | 'type' | 'aliases' | 'description'>;

export interface VectorHit {
  entity: GroundedEntity;
  cosine: number;
}

export interface FulltextHit {
  entity: GroundedEntity;
  /** Lucene's score: it ranks hits within one query only, so it is reported, not fused. */
  lucene: number;
  /** Cosine to the query when the entity has a current embedding. */
  cosine: number | null;
}

export interface Candidate {
  entity: GroundedEntity;
  /** In [0, 1]: 1 − (1 − cosine⁺)(1 − w·lexical); see fuseCandidates. */
  score: number;
  /** Cosine between the query and the entity's embedding; null when it has none yet. */
  cosine: number | null;
  /** 1 for an exact name/alias match, else the token overlap with the best name/alias. */
  lexical: number;
  /** Why it is a candidate, e.g. `vector: cosine 0.612`, `exact alias "JFK"`. */
  reasons: string[];
}

/**
 * Fuses the two retrievers into one score per entity: the semantic evidence
 * (cosine) and the lexical evidence (a name or alias match) combined as a
 * noisy-OR, so either alone can carry a candidate and both together rank it
 * higher. Lucene's scores only decide which entities are looked at; they are
 * unnormalised and not comparable across queries (unlike reciprocal rank
 * fusion, this keeps an absolute score a threshold can be calibrated on).
 */
export function fuseCandidates(text: string, vectorHits: readonly VectorHit[], fulltextHits: readonly FulltextHit[], lexicalWeight: number): Candidate[] {
  const byId = new Map<string, { entity: GroundedEntity; cosine: number | null; fromVector: boolean; lucene: number | null }>();
  for (const hit of vectorHits) byId.set(hit.entity.id, { entity: hit.entity, cosine: hit.cosine, fromVector: true, lucene: null });
  for (const hit of fulltextHits) {
    const seen = byId.get(hit.entity.id);
    if (seen) seen.lucene = hit.lucene;
    else byId.set(hit.entity.id, { entity: hit.entity, cosine: hit.cosine, fromVector: false, lucene: hit.lucene });
  }
  const candidates: Candidate[] = [];
  for (const { entity, cosine, fromVector, lucene } of byId.values()) {
    const match = lexicalMatch(text, [entity.name, ...entity.aliases]);
    const semantic = Math.max(cosine ?? 0, 0);
    const score = 1 - (1 - semantic) * (1 - lexicalWeight * match.strength);
    const reasons: string[] = [];
    if (cosine === null) reasons.push('no current embedding: lexical evidence only');
    else reasons.push(`${fromVector ? 'vector index' : 'vector'}: cosine ${cosine.toFixed(3)}`);
    if (match.exact) reasons.push(`exact ${match.matched === entity.name ? 'name' : 'alias'} "${match.matched}"`);
    else if (match.strength > 0) reasons.push(`words shared with "${match.matched}" (${match.strength.toFixed(2)})`);
    if (lucene !== null) reasons.push(`fulltext: score ${lucene.toFixed(2)}`);
    candidates.push({ entity, score, cosine, lexical: match.strength, reasons });
  }
  return candidates.sort((a, b) => b.score - a.score || (b.cosine ?? -1) - (a.cosine ?? -1) || a.entity.id.localeCompare(b.entity.id));
}
