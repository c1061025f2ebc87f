import { currentVersion } from '../../services/kg';
import type { RequestContext } from '../RequestContext';

export const versionResolvers = {
  Query: {
    graphVersion: async (_: unknown, __: unknown, context: RequestContext) => {
      const version = await currentVersion(context.kg.graph, context.tx);
      context.versions.see(version);
      return version;
    },
  },
};
