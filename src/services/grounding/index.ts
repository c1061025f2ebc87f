/**
 * Grounding against the graph: entity embeddings kept current off the write
 * path, ground(), entity resolution, similar entities and duplicate
 * proposals. The embeddings themselves come from src/grounding.
 */
export { GroundingService } from './GroundingService';
export type {
  GroundOptions,
  GroundResult,
  Resolution,
  MentionCandidate,
  SimilarEntity,
  DuplicateCandidate,
  EmbedResult,
  GroundingServiceOptions,
} from './GroundingService';
export { EntityEmbedder } from './EntityEmbedder';
export type { BackfillReport, EmbedIdsReport } from './EntityEmbedder';
export { EmbeddingQueue } from './EmbeddingQueue';
export type { EmbeddingQueueOptions } from './EmbeddingQueue';
export { fuseCandidates } from './fuseCandidates';
export type { Candidate, GroundedEntity } from './fuseCandidates';
export { entityEmbeddingText } from './entityEmbeddingText';
export { lexicalMatch, candidateLuceneQuery, normaliseName } from './lexicalMatch';
export { mentionNameMatch, contentWords } from './mentionNameMatch';
export type { NameMatch, NameMatchKind } from './mentionNameMatch';
export { GROUNDING_SCORES } from './thresholds';
export { feedEmbeddingQueue } from './feedEmbeddingQueue';
