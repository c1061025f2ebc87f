import { checkId } from '../../services/kg';
import type { Candidate, DuplicateCandidate, SimilarEntity } from '../../services/grounding';
import type { RequestContext } from '../RequestContext';

/** Thin: the grounding service does the work; entities are loaded through the request's DataLoader. */
export const groundingResolvers = {
  Query: {
    ground: async (_: unknown, args: { text: string; type?: string | null; k?: number | null }, context: RequestContext) => {
      const result = await context.grounding.ground(args.text, { type: args.type ?? null, k: args.k ?? 5, tx: context.tx });
      return { ...result, modelChecksum: result.model.checksum };
    },
    similarEntities: (_: unknown, args: { id: string; k?: number | null }, context: RequestContext) =>
      context.grounding.similarEntities(checkId(args.id, 'id'), args.k ?? 10, context.tx),
    embed: async (_: unknown, args: { texts: string[] }, context: RequestContext) => {
      const { vectors, info } = await context.grounding.embed(args.texts, context.tx.signal);
      return { vectors, model: info.model, modelChecksum: info.modelChecksum, provider: info.provider, executionProvider: info.executionProvider };
    },
    duplicateCandidates: (_: unknown, args: { threshold?: number | null; first?: number | null }, context: RequestContext) =>
      context.grounding.duplicateCandidates(args.threshold ?? 0.9, { limit: args.first ?? 50, tx: context.tx }),
  },
  GroundCandidate: {
    entityId: (c: Candidate) => c.entity.id,
    entity: (c: Candidate, _: unknown, context: RequestContext) => context.loaders.entity.load(c.entity.id),
  },
  SimilarEntity: {
    entityId: (s: SimilarEntity) => s.entity.id,
    entity: (s: SimilarEntity, _: unknown, context: RequestContext) => context.loaders.entity.load(s.entity.id),
  },
  DuplicateCandidate: {
    aId: (d: DuplicateCandidate) => d.a.id,
    bId: (d: DuplicateCandidate) => d.b.id,
    a: (d: DuplicateCandidate, _: unknown, context: RequestContext) => context.loaders.entity.load(d.a.id),
    b: (d: DuplicateCandidate, _: unknown, context: RequestContext) => context.loaders.entity.load(d.b.id),
  },
};
