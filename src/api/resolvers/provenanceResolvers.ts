import { invariant } from '../../errors';
import { checkId, type Mention, type Sentence } from '../../services/kg';
import { writeContext, type RequestContext } from '../RequestContext';

export const provenanceResolvers = {
  Query: {
    provenance: (_: unknown, args: { relationId: string }, context: RequestContext) => context.loaders.supports.load(checkId(args.relationId, 'relationId')),
    document: (_: unknown, args: { id: string }, context: RequestContext) => context.loaders.document.load(checkId(args.id, 'id')),
  },

  Mutation: {
    upsertDocuments: (_: unknown, args: { documents: unknown }, context: RequestContext) =>
      context.kg.provenance.upsertDocuments(args.documents, writeContext(context)),
    retractDocument: async (_: unknown, args: { id: string }, context: RequestContext) => ({
      id: args.id,
      ...(await context.kg.provenance.retractDocument(args.id, writeContext(context))),
    }),
  },

  Document: {
    sentences: (document: { id: string }, _: unknown, context: RequestContext) => context.loaders.sentencesOfDocument.load(document.id),
  },

  Sentence: {
    document: async (sentence: Sentence, _: unknown, context: RequestContext) => {
      const document = await context.loaders.document.load(sentence.documentId);
      invariant(document !== null, `sentence ${sentence.id} has its document`);
      return document;
    },
  },

  Mention: {
    entity: async (mention: Mention, _: unknown, context: RequestContext) => {
      const entity = await context.loaders.entity.load(mention.entityId);
      invariant(entity !== null, `mention ${mention.id} refers to an entity`);
      return entity;
    },
    sentence: async (mention: Mention, _: unknown, context: RequestContext) => {
      const sentence = await context.loaders.sentence.load(mention.sentenceId);
      invariant(sentence !== null, `mention ${mention.id} is in a sentence`);
      return sentence;
    },
  },
};
