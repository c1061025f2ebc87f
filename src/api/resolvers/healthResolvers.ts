import type { RequestContext } from '../RequestContext';
import { apiVersion } from '../apiVersion';

export const healthResolvers = {
  Query: {
    health: async (_: unknown, __: unknown, context: RequestContext) => {
      const { server, migrationVersion } = await context.health();
      return {
        status: migrationVersion === null ? 'migrations-pending' : 'ok',
        neo4jVersion: server.version,
        neo4jEdition: server.edition,
        migrationVersion,
        apiVersion: apiVersion(),
      };
    },
  },
};
