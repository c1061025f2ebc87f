import { notFound } from '../../errors';
import { checkId, mergeEntities, type Direction, type Entity, type EntityFilter } from '../../services/kg';
import { writeContext, type RequestContext } from '../RequestContext';
import { checkFirst, entityCursor, entityPageRequest, type ConnectionArgs } from './arguments';

interface EntitiesArgs extends ConnectionArgs {
  filter?: EntityFilter | null;
}

export const entityResolvers = {
  Query: {
    entity: (_: unknown, args: { id: string }, context: RequestContext) => context.loaders.entity.load(checkId(args.id, 'id')),

    entities: async (_: unknown, args: EntitiesArgs, context: RequestContext) => {
      const request = entityPageRequest(args, context);
      const filter = args.filter ?? {};
      const page = context.versions.from(await context.kg.entities.list(filter, request, context.tx));
      for (const entity of page.entities) context.loaders.entity.prime(entity.id, entity);
      const edges = page.entities.map((node) => ({ node, cursor: entityCursor(node.id) }));
      return {
        edges,
        pageInfo: {
          hasNextPage: page.hasNextPage,
          hasPreviousPage: page.hasPreviousPage,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges[edges.length - 1]?.cursor ?? null,
        },
        // Counting scans the filter's matches, so it runs only when the field is asked for.
        totalCount: () => context.kg.entities.count(filter, context.tx),
      };
    },

    search: async (_: unknown, args: { text: string; first?: number | null }, context: RequestContext) => {
      const first = checkFirst(args.first ?? 10, context);
      const hits = context.versions.from(await context.kg.entities.search(args.text, first, context.tx));
      for (const hit of hits) context.loaders.entity.prime(hit.entity.id, hit.entity);
      return hits;
    },
  },

  Mutation: {
    upsertEntities: (_: unknown, args: { entities: unknown }, context: RequestContext) =>
      context.kg.entities.upsert(args.entities, writeContext(context)),

    mergeEntities: async (_: unknown, args: { keep: string; drop: string }, context: RequestContext) => {
      const report = await mergeEntities(context.kg.graph, args.keep, args.drop, writeContext(context));
      const [entity] = (await context.kg.entities.getByIds([args.keep], context.tx)).value;
      if (!entity) throw notFound(`entity ${args.keep} disappeared during the merge`);
      return { ...report, entity };
    },

    deleteEntity: async (_: unknown, args: { id: string }, context: RequestContext) => {
      const report = await context.kg.entities.delete(checkId(args.id, 'id'), writeContext(context));
      return { id: args.id, deletedRelations: report.relationIds, graphVersion: report.graphVersion };
    },
  },

  Entity: {
    relations: (entity: Entity, args: { direction?: Direction | null; types?: string[] | null; first?: number | null }, context: RequestContext) =>
      context.loaders.relationsOf(args.direction ?? 'OUT', args.types ?? null, checkFirst(args.first, context)).load(entity.id),
    mentions: (entity: Entity, args: { first?: number | null }, context: RequestContext) =>
      context.loaders.mentionsOf(checkFirst(args.first, context)).load(entity.id),
  },
};
