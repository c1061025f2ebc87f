import { invariant } from '../../errors';
import { checkId, type CausalPath, type Relation } from '../../services/kg';
import { writeContext, type RequestContext } from '../RequestContext';
import { checkFirst } from './arguments';

const CAUSAL = ['CAUSES', 'PREVENTS'] as const;

/** GraphQL enums are upper case; the graph stores sources lower case. */
const toSourceEnum = (source: string) => source.toUpperCase();

async function endpoint(id: string, context: RequestContext) {
  const entity = await context.loaders.entity.load(id);
  invariant(entity !== null, `relation endpoint ${id} exists (relations are deleted with their entities)`);
  return entity;
}

export const relationResolvers = {
  Query: {
    relation: (_: unknown, args: { id: string }, context: RequestContext) => context.loaders.relation.load(checkId(args.id, 'id')),
    causes: (_: unknown, args: { of: string; first?: number | null }, context: RequestContext) =>
      context.loaders.relationsOf('IN', CAUSAL, checkFirst(args.first ?? 10, context)).load(checkId(args.of, 'of')),
    effects: (_: unknown, args: { of: string; first?: number | null }, context: RequestContext) =>
      context.loaders.relationsOf('OUT', CAUSAL, checkFirst(args.first ?? 10, context)).load(checkId(args.of, 'of')),
    causalPaths: async (_: unknown, args: { from: string; to: string; maxDepth?: number | null; first?: number | null }, context: RequestContext) => {
      const first = checkFirst(args.first ?? 10, context);
      const paths = context.versions.from(await context.kg.relations.causalPaths(args.from, args.to, args.maxDepth ?? 4, first, context.tx));
      // The path query returned whole entities and relations: nested fields need no more round trips.
      for (const path of paths) {
        for (const entity of path.entities) context.loaders.entity.prime(entity.id, entity);
        for (const relation of path.relations) context.loaders.relation.prime(relation.id, relation);
      }
      return paths;
    },
  },

  Mutation: {
    upsertRelations: (_: unknown, args: { relations: unknown[] }, context: RequestContext) =>
      context.kg.relations.upsert(
        args.relations.map((r) => {
          const row = r as Record<string, unknown>;
          return typeof row.source === 'string' ? { ...row, source: row.source.toLowerCase() } : row;
        }),
        writeContext(context),
      ),
    deleteRelation: async (_: unknown, args: { id: string }, context: RequestContext) => {
      const report = await context.kg.relations.delete([checkId(args.id, 'id')], writeContext(context));
      return { id: args.id, graphVersion: report.graphVersion };
    },
  },

  Relation: {
    source: (relation: Relation) => toSourceEnum(relation.source),
    from: (relation: Relation, _: unknown, context: RequestContext) => endpoint(relation.from, context),
    to: (relation: Relation, _: unknown, context: RequestContext) => endpoint(relation.to, context),
    provenance: (relation: Relation, _: unknown, context: RequestContext) => context.loaders.supports.load(relation.id),
  },

  CausalPath: {
    length: (path: CausalPath) => path.relations.length,
  },
};
