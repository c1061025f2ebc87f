import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';

/** The query GraphiQL opens with: a tour of the surface over the demo graph. */
export const DEFAULT_QUERY = `# Causeway: a knowledge graph of causes and effects.
# Run this (▶), then try the other operations below it in this editor.
# Writes need the X-API-Key header (see the README for the generated admin key).

query Tour {
  health { status neo4jVersion neo4jEdition migrationVersion }
  graphVersion
  search(text: "smok", first: 3) { score entity { id name type } }
  effects(of: "smoking", first: 5) {
    type strength source evidenceCount
    to { name baseRate }
    provenance { confidence sentence { text start end document { title } } }
  }
  causalPaths(from: "smoking", to: "myocardial_infarction", maxDepth: 4, first: 3) {
    strength length
    entities { name }
  }
  entities(first: 5, filter: { types: ["Disease"] }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name relations(direction: IN, first: 3) { type strength from { name } } } }
  }
}

mutation AddFinding {
  upsertEntities(entities: [{ id: "air_pollution", name: "Air pollution", type: "Exposure", baseRate: 0.3 }]) {
    created updated unchanged graphVersion
  }
  upsertRelations(relations: [{ id: "air_pollution-causes-copd", type: "CAUSES", from: "air_pollution", to: "copd", strength: 0.15 }]) {
    created updated unchanged graphVersion
  }
}
`;

/**
 * GraphiQL with its scripts, styles and workers inlined from
 * @graphql-yoga/render-graphiql, so it renders with no internet (yoga's
 * default page loads them from a CDN). Rendered once; the page is ~9 MB.
 */
export function createGraphiQLRenderer(): (options: GraphiQLOptions) => string {
  let page: string | undefined;
  return (options) => (page ??= renderGraphiQL({ ...options, title: 'Causeway GraphiQL', defaultQuery: DEFAULT_QUERY }));
}
