import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Plugin } from 'graphql-yoga';
import type { ApiLimits } from '../ApiOptions';

/**
 * Depth, cost, alias, directive and token limits (graphql-armor), checked
 * before execution. Introspection is exempt from depth and cost so GraphiQL's
 * schema query passes. Rejections become LIMIT_EXCEEDED in useErrorHandling.
 */
export function useLimits(limits: ApiLimits): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, exposeLimits: true },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true, exposeLimits: true },
    maxAliases: { n: limits.maxAliases, exposeLimits: true },
    maxTokens: { n: limits.maxTokens, exposeLimits: true },
    maxDirectives: { n: 20, exposeLimits: true },
    blockFieldSuggestion: { enabled: false },
  }) as Plugin;
}
