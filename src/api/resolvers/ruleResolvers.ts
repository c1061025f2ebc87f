import type { GraphClient } from '../../graph';
import { RuleService, type RuleLimits } from '../../services/rules';
import type { RequestContext } from '../RequestContext';
import { checkFirst } from './arguments';

/**
 * One RuleService per graph client for the life of the API, so the rule
 * sets' in-process snapshots (what `ask` reads, what maintenance diffs
 * against) survive from one request to the next.
 */
const services = new WeakMap<GraphClient, RuleService>();
function rulesOf(context: RequestContext): RuleService {
  let service = services.get(context.kg.graph);
  if (!service) services.set(context.kg.graph, (service = new RuleService(context.kg.graph)));
  return service;
}

const limitsOf = (limits: RuleLimits | null | undefined): RuleLimits => ({ maxDerivedFacts: limits?.maxDerivedFacts ?? undefined, timeoutMs: limits?.timeoutMs ?? undefined });
const options = (context: RequestContext, limits?: RuleLimits | null) => ({ tx: context.tx, signal: context.tx.signal, limits: limitsOf(limits) });

export const ruleResolvers = {
  Query: {
    rules: (_: unknown, __: unknown, context: RequestContext) => rulesOf(context).list(context.tx),
    ruleSet: async (_: unknown, args: { name: string }, context: RequestContext) => {
      const all = await rulesOf(context).list(context.tx);
      return all.find((s) => s.name === args.name) ?? null;
    },
    ask: async (_: unknown, args: { ruleSet: string; query: string; first?: number | null; proofs?: boolean | null; limits?: RuleLimits | null }, context: RequestContext) => {
      const result = await rulesOf(context).ask(args.ruleSet, args.query, { ...options(context, args.limits), first: checkFirst(args.first ?? 20, context), proofs: args.proofs ?? true });
      context.versions.see(result.graphVersion);
      return result;
    },
    explain: async (_: unknown, args: { factId: string }, context: RequestContext) => {
      const result = await rulesOf(context).explain(args.factId, options(context));
      context.versions.see(result.graphVersion);
      return result;
    },
    verifyProof: async (_: unknown, args: { ruleSet: string; proof: unknown }, context: RequestContext) => {
      const outcome = await rulesOf(context).verifyProof(args.ruleSet, args.proof, context.tx);
      return outcome.valid ? { valid: true, step: outcome.checked, reason: null } : { valid: false, step: outcome.step, reason: outcome.reason };
    },
  },

  Mutation: {
    defineRules: (_: unknown, args: { name: string; text: string }, context: RequestContext) =>
      rulesOf(context).define(args.name, args.text, context.currentUser?.subject ?? 'anonymous', options(context)),
    deleteRules: (_: unknown, args: { name: string }, context: RequestContext) => rulesOf(context).delete(args.name, context.tx),
    materialize: async (_: unknown, args: { ruleSet: string; limits?: RuleLimits | null }, context: RequestContext) => {
      const report = await rulesOf(context).materialize(args.ruleSet, options(context, args.limits));
      context.versions.see(report.graphVersion);
      return { ...report, mode: report.mode.toUpperCase(), baseRead: report.baseRead.toUpperCase() };
    },
  },
};
