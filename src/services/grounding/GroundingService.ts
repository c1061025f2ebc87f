import { badUserInput, notFound } from '../../errors';
import type { GraphClient, TransactionOptions } from '../../graph';
import { createEmbeddingClient, loadEmbeddingConfig, type EmbeddingProvider, type ProviderInfo } from '../../grounding';
import { entityNaming } from '../kg/rows';
import { EntityEmbedder } from './EntityEmbedder';
import { EmbeddingQueue, type EmbeddingQueueOptions } from './EmbeddingQueue';
import { fuseCandidates, type Candidate, type FulltextHit, type GroundedEntity, type VectorHit } from './fuseCandidates';
import { candidateLuceneQuery, normaliseName } from './lexicalMatch';
import { mentionNameMatch, type NameMatchKind } from './mentionNameMatch';
import { GROUNDING_SCORES } from './thresholds';

export interface GroundOptions {
  /** Only entities of this type. */
  type?: string | null;
  /** Most candidates returned (default 5). */
  k?: number;
  tx?: TransactionOptions;
}

export interface GroundResult {
  text: string;
  type: string | null;
  threshold: number;
  /** The best candidate when it reaches the threshold; null means "no match". */
  match: Candidate | null;
  /** Candidates at or above the threshold, best first (at most k). */
  candidates: Candidate[];
  /** The best candidates below the threshold, for explanation (at most k). */
  belowThreshold: Candidate[];
  model: { name: string; checksum: string };
}

export interface MentionCandidate extends Candidate {
  /** Cosine between the mention's context and the entity's embedding. */
  contextCosine: number | null;
  typeAgrees: boolean;
  /** How the mention's words match the entity's names (see mentionNameMatch); only `exact` can join. */
  nameMatch: NameMatchKind;
  /** The name or alias behind nameMatch; null for `none`. */
  matchedName: string | null;
}

export interface Resolution {
  /** `join`: the mention is `entity`; `new`: no existing entity qualifies. */
  decision: 'join' | 'new';
  entity: GroundedEntity | null;
  reasons: string[];
  candidates: MentionCandidate[];
}

export interface SimilarEntity {
  entity: GroundedEntity;
  cosine: number;
}

export interface DuplicateCandidate {
  a: GroundedEntity;
  b: GroundedEntity;
  cosine: number;
  /** What supports merging them: similarity, shared names, same type. */
  evidence: string[];
}

export interface EmbedResult {
  vectors: number[][];
  info: ProviderInfo;
}

export interface GroundingServiceOptions {
  /**
   * The provider, or a factory called on first need (the model is not loaded
   * until used). Default: the client the environment configures
   * (src/grounding's loadEmbeddingConfig), in-process unless EMBEDDINGS_URL is set.
   */
  embeddings?: EmbeddingProvider | (() => Promise<EmbeddingProvider>);
  queue?: EmbeddingQueueOptions;
}

const MAX_K = 100;
const MAX_TEXT = 2_000;
const MAX_EMBED_TEXTS = 256;

/**
 * Grounding against the graph: words to entities through the vector index
 * fused with name/alias matches (ground), ingest-time entity resolution
 * (resolveMention), neighbours (similarEntities) and merge proposals
 * (duplicateCandidates); plus the background queue that keeps entity
 * embeddings current.
 */
export class GroundingService {
  readonly embedder: EntityEmbedder;
  readonly queue: EmbeddingQueue;
  private provider: Promise<EmbeddingProvider> | undefined;

  constructor(
    private readonly graph: GraphClient,
    private readonly options: GroundingServiceOptions = {},
  ) {
    this.embedder = new EntityEmbedder(graph, () => this.embeddings());
    this.queue = new EmbeddingQueue(this.embedder, options.queue);
  }

  embeddings(): Promise<EmbeddingProvider> {
    const configured = this.options.embeddings ?? (() => createEmbeddingClient(loadEmbeddingConfig()));
    this.provider ??= typeof configured === 'function' ? configured() : Promise.resolve(configured);
    // A failed load is not cached: the next call tries again.
    this.provider.catch(() => (this.provider = undefined));
    return this.provider;
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<EmbedResult> {
    if (texts.length > MAX_EMBED_TEXTS) throw badUserInput(`at most ${MAX_EMBED_TEXTS} texts per call`, 'texts');
    const { vectors, info } = await (await this.embeddings()).embed(texts, { signal });
    return { vectors: vectors.map((v) => Array.from(v)), info };
  }

  async ground(text: string, options: GroundOptions = {}): Promise<GroundResult> {
    const k = checkK(options.k ?? 5);
    checkText(text, 'text');
    const type = options.type ?? null;
    const provider = await this.embeddings();
    const { vectors, info } = await provider.embed([text], { signal: options.tx?.signal });
    const ranked = await this.candidates(text, vectors[0]!, info.modelChecksum, type, k, options.tx);
    const threshold = GROUNDING_SCORES.groundThreshold;
    const candidates = ranked.filter((c) => c.score >= threshold).slice(0, k);
    return {
      text,
      type,
      threshold,
      match: candidates[0] ?? null,
      candidates,
      belowThreshold: ranked.filter((c) => c.score < threshold).slice(0, k),
      model: { name: info.model, checksum: info.modelChecksum },
    };
  }

  /**
   * Ingest-time resolution of a mention in its context (e.g. the sentence).
   * A candidate qualifies when
   * (1) the mention is one of its names: the same normalised name or alias
   *     (mentionNameMatch `exact`). Shared words are not enough: "breast
   *     cancer" is not Lung cancer, "type 1 diabetes" not Type 2 diabetes,
   *     and even a mention that contains the whole name ("grade inflation" /
   *     Inflation) is often another thing — on the labelled near misses the
   *     vector could not tell those from "heavy smoking" / Smoking
   *     (docs/grounding-graph.md), so they stay new entities and
   *     duplicateCandidates proposes the merge for a person to confirm;
   * (2) its type equals `type` when one is given; and
   * (3) the context, with the mention itself masked out, is at least
   *     contextThreshold close to the entity: masking leaves only what the
   *     sentence says about the thing, so "the ___ stalked a capybara"
   *     separates the animal from the car maker although both are called
   *     Jaguar. Without a context, (3) is skipped.
   * The qualifying candidate closest to the context is joined, unless a
   * same-name entity of another type fits the context better (then the
   * mention is about that other thing).
   */
  async resolveMention(mention: string, context: string | null, type: string | null, tx?: TransactionOptions): Promise<Resolution> {
    checkText(mention, 'mention');
    if (context !== null && context !== '') checkText(context, 'context');
    const provider = await this.embeddings();
    const masked = context && context.trim() !== '' ? maskMention(context, mention) : null;
    const { vectors, info } = await provider.embed(masked === null ? [mention] : [mention, masked], { signal: tx?.signal });
    const byName = await this.candidates(mention, vectors[0]!, info.modelChecksum, null, 10, tx);
    const contextCosines = masked === null ? new Map<string, number>() : await this.cosines(byName.map((c) => c.entity.id), vectors[1]!, info.modelChecksum, tx);
    const { contextThreshold } = GROUNDING_SCORES;
    const candidates: MentionCandidate[] = byName.map((c) => {
      const nameMatch = mentionNameMatch(mention, [c.entity.name, ...c.entity.aliases]);
      return {
        ...c,
        contextCosine: contextCosines.get(c.entity.id) ?? null,
        typeAgrees: type === null || c.entity.type === type,
        nameMatch: nameMatch.kind,
        matchedName: nameMatch.matched,
      };
    });
    const byContext = (a: MentionCandidate, b: MentionCandidate) => (b.contextCosine ?? -1) - (a.contextCosine ?? -1);
    const named = candidates.filter((c) => c.nameMatch === 'exact').sort(byContext);
    const fits = (c: MentionCandidate) => masked === null || (c.contextCosine ?? -1) >= contextThreshold;
    const best = named.find((c) => c.typeAgrees && fits(c));
    const other = named.find((c) => !c.typeAgrees && fits(c));
    if (best && !(masked !== null && other && byContext(other, best) < 0)) {
      const reasons = [
        `${best.matchedName === best.entity.name ? 'name' : 'alias'} "${best.matchedName}"`,
        masked === null ? 'no context given' : `context cosine ${best.contextCosine!.toFixed(3)} ≥ ${contextThreshold}`,
        type === null ? 'no type given' : `type ${type} agrees`,
      ];
      return { decision: 'join', entity: best.entity, reasons, candidates };
    }
    const reasons = whyNone(candidates, type, masked !== null);
    if (best && other) reasons.push(`the context fits "${other.entity.id}" (type ${other.entity.type}) better`);
    return { decision: 'new', entity: null, reasons, candidates };
  }

  async similarEntities(id: string, k: number, tx?: TransactionOptions): Promise<SimilarEntity[]> {
    checkK(k);
    const rows = await this.graph.readQuery('grounding/read-entity-embedding', { id }, tx);
    const row = rows[0];
    if (!row) throw notFound(`no entity has id "${id}"`, { id });
    const checksum = (await this.embeddings()).info.modelChecksum;
    if (!row.embedding || row.embeddingModel !== checksum) {
      throw badUserInput(`entity "${id}" has no embedding from the current model yet (run \`causeway grounding backfill\`)`, 'id');
    }
    const hits = await this.vectorHits(row.embedding as number[], checksum, null, k + 1, tx);
    return hits.filter((h) => h.entity.id !== id).slice(0, k);
  }

  /** Pairs of same-type entities at least `threshold` apart by cosine, with the evidence for merging them. */
  async duplicateCandidates(threshold: number, options: { limit?: number; tx?: TransactionOptions } = {}): Promise<DuplicateCandidate[]> {
    if (!(threshold >= -1 && threshold <= 1)) throw badUserInput('threshold must be a cosine in [-1, 1]', 'threshold');
    const checksum = (await this.embeddings()).info.modelChecksum;
    const rows = await this.graph.readQuery(
      'grounding/find-duplicate-candidates',
      { checksum, minCosine: threshold, neighbours: 10, limit: checkK(options.limit ?? 50) },
      options.tx,
    );
    return rows.map((row) => {
      const a = entityNaming(row.a);
      const b = entityNaming(row.b);
      const cosine = Number(row.cosine);
      return { a, b, cosine, evidence: mergeEvidence(a, b, cosine) };
    });
  }

  /** Drains the queue; closes the provider only if this service created it (the default). */
  async close(): Promise<void> {
    await this.queue.close();
    if (this.options.embeddings === undefined && this.provider) await (await this.provider.catch(() => null))?.close();
  }

  private async candidates(text: string, vector: Float32Array, checksum: string, type: string | null, k: number, tx?: TransactionOptions): Promise<Candidate[]> {
    const pool = Math.max(k * GROUNDING_SCORES.poolFactor, GROUNDING_SCORES.minPool);
    const query = candidateLuceneQuery(text);
    const [vectorHits, fulltextHits] = await Promise.all([
      this.vectorHits(Array.from(vector), checksum, type, pool, tx),
      query ? this.fulltextHits(query, Array.from(vector), checksum, type, pool, tx) : Promise.resolve([]),
    ]);
    return fuseCandidates(text, vectorHits, fulltextHits, GROUNDING_SCORES.lexicalWeight);
  }

  private async vectorHits(vector: number[], checksum: string, type: string | null, pool: number, tx?: TransactionOptions): Promise<VectorHit[]> {
    const rows = await this.graph.readQuery('grounding/query-vector-candidates', { vector, checksum, type, pool }, tx);
    return rows.map((row) => ({ entity: entityNaming(row.entity), cosine: Number(row.cosine) }));
  }

  private async fulltextHits(query: string, vector: number[], checksum: string, type: string | null, limit: number, tx?: TransactionOptions): Promise<FulltextHit[]> {
    const rows = await this.graph.readQuery('grounding/query-fulltext-candidates', { query, vector, checksum, type, limit }, tx);
    return rows.map((row) => ({ entity: entityNaming(row.entity), lucene: Number(row.lucene), cosine: row.cosine === null ? null : Number(row.cosine) }));
  }

  private async cosines(ids: string[], vector: Float32Array, checksum: string, tx?: TransactionOptions): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.graph.readQuery('grounding/score-entities', { ids, vector: Array.from(vector), checksum }, tx);
    return new Map(rows.map((row) => [String(row.id), Number(row.cosine)]));
  }
}


/** The context with the mention replaced by "it", so only what it says about the thing remains. */
export function maskMention(context: string, mention: string): string {
  const escaped = mention.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return context.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'giu'), 'it');
}

function whyNone(candidates: MentionCandidate[], type: string | null, withContext: boolean): string[] {
  const named = candidates.filter((c) => c.nameMatch === 'exact');
  if (named.length === 0) {
    const contained = candidates.find((c) => c.nameMatch === 'contains');
    return contained
      ? [`no entity has this name or alias; it contains the name "${contained.matchedName}" of ${contained.entity.id}, which is not enough to join`]
      : ['no entity has this name or alias'];
  }
  const reasons: string[] = [];
  if (type !== null && named.every((c) => !c.typeAgrees)) reasons.push(`entities with this name are not of type ${type}`);
  const typed = named.filter((c) => c.typeAgrees);
  if (typed.length > 0 && withContext) {
    const closest = Math.max(...typed.map((c) => c.contextCosine ?? -1));
    reasons.push(`context is not about any of them (best context cosine ${closest.toFixed(3)} < ${GROUNDING_SCORES.contextThreshold})`);
  }
  return reasons;
}

function mergeEvidence(a: GroundedEntity, b: GroundedEntity, cosine: number): string[] {
  const evidence = [`cosine ${cosine.toFixed(3)}`, `same type ${a.type}`];
  const namesA = new Map([a.name, ...a.aliases].map((n) => [normaliseName(n), n]));
  const shared = [b.name, ...b.aliases].filter((n) => namesA.has(normaliseName(n)));
  if (shared.length > 0) evidence.push(`shared names: ${[...new Set(shared)].map((n) => `"${n}"`).join(', ')}`);
  if (normaliseName(a.name) === normaliseName(b.name)) evidence.push('same normalised name');
  return evidence;
}

function checkK(k: number): number {
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) throw badUserInput(`k must be an integer from 1 to ${MAX_K}`, 'k');
  return k;
}

function checkText(text: string, field: string): void {
  if (text.trim() === '') throw badUserInput(`${field} must not be empty`, field);
  if (text.length > MAX_TEXT) throw badUserInput(`${field} is longer than ${MAX_TEXT} characters`, field);
}
