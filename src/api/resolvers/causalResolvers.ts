import { counterfactualQuery, probabilitiesOfCausation, type CausalModel } from '../../causal';
import { buildCausalGraph, dSeparation, identificationOutput, identifyEffect } from '../../causal/identification';
import { DEFAULT_PRIOR, type DirichletPrior } from '../../causal/estimation';
import { badUserInput } from '../../errors';
import { verifyCausalOutput, verifyEstimateCertificate, verifyIdentificationCertificate } from '../../verify';
import { causalStructureOf, loadLpSolver } from '../../services/causal';
import type { RequestContext } from '../RequestContext';

interface Assignment {
  variable: string;
  state: string;
}

function toRecord(assignments: readonly Assignment[] | null | undefined, field: string): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { variable, state } of assignments ?? []) {
    if (variable in record && record[variable] !== state) {
      throw badUserInput(`"${variable}" is set twice, to "${record[variable]}" and "${state}"`, field);
    }
    record[variable] = state;
  }
  return record;
}

interface EstimateArgs {
  csv: string;
  treatment: Assignment;
  outcome: Assignment;
  control?: Assignment | null;
  bootstrap?: number | null;
  level?: number | null;
  seed?: number | null;
  alpha?: number | null;
  simulations?: number | null;
}

/** The CLI's --alpha / --ess choice: one or the other, BDeu(1) by default. */
function priorOf(prior: { alpha?: number | null; ess?: number | null } | null | undefined): DirichletPrior {
  const alpha = prior?.alpha ?? undefined;
  const ess = prior?.ess ?? undefined;
  if (alpha !== undefined && ess !== undefined) throw badUserInput('alpha and ess choose different priors; give one', 'prior');
  return alpha !== undefined ? { kind: 'uniform', alpha } : ess !== undefined ? { kind: 'bdeu', ess } : DEFAULT_PRIOR;
}

function namesAFile(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(namesAFile);
  if (value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  if (record.kind === 'file' || typeof record.path === 'string') return true;
  return Object.values(record).some(namesAFile);
}

const probabilities = (record: Record<string, number>) => Object.entries(record).map(([state, probability]) => ({ state, probability }));

/** Thin: the causal service reads the graph's model (cached by graph version) and runs the pure engine. */
export const causalResolvers = {
  Query: {
    intervene: async (
      _: unknown,
      args: { target: string; do?: Assignment[] | null; given?: Assignment[] | null },
      context: RequestContext,
    ) => {
      const query = { target: args.target, do: toRecord(args.do, 'do'), given: toRecord(args.given, 'given') };
      const { answer, graphVersion } = await context.causal.intervene(query, context.tx);
      context.versions.see(graphVersion);
      return {
        target: answer.target,
        distribution: Object.entries(answer.distribution).map(([state, probability]) => ({ state, probability })),
        answer,
        graphVersion,
      };
    },
    causalEffect: async (
      _: unknown,
      args: { treatment: Assignment; outcome: Assignment; control?: Assignment | null },
      context: RequestContext,
    ) => {
      const { answer, graphVersion } = await context.causal.effect(
        { treatment: args.treatment, outcome: args.outcome, ...(args.control ? { control: args.control } : {}) },
        context.tx,
      );
      context.versions.see(graphVersion);
      return { ...answer, ate: answer.ate ?? null, answer, graphVersion };
    },
    validateCausalModel: async (_: unknown, __: unknown, context: RequestContext) => {
      const report = await context.causal.validate(context.tx);
      context.versions.see(report.graphVersion);
      return { valid: true, ...report };
    },
    counterfactual: async (
      _: unknown,
      args: { target: string; do: Assignment[]; given?: Assignment[] | null },
      context: RequestContext,
    ) => {
      const query = { target: args.target, do: toRecord(args.do, 'do'), given: toRecord(args.given, 'given') };
      const variables = [query.target, ...Object.keys(query.do), ...Object.keys(query.given)];
      const lpSolver = await loadLpSolver();
      const { answer, graphVersion } = await context.causal.withModel(
        variables,
        ({ model }, options) => counterfactualQuery(model, query, { ...options, lpSolver }),
        context.tx,
      );
      context.versions.see(graphVersion);
      return {
        target: answer.target,
        distribution: 'distribution' in answer ? probabilities(answer.distribution) : null,
        bounds: 'bounds' in answer ? Object.entries(answer.bounds).map(([state, [lower, upper]]) => ({ state, lower, upper })) : null,
        answer,
        graphVersion,
      };
    },
    necessity: async (_: unknown, args: { treatment: Assignment; outcome: Assignment }, context: RequestContext) => {
      const variables = [args.treatment.variable, args.outcome.variable];
      const { answer, graphVersion } = await context.causal.withModel(
        variables,
        ({ model }, options) => probabilitiesOfCausation(model, args.treatment, args.outcome, options),
        context.tx,
      );
      context.versions.see(graphVersion);
      return { pn: answer.pn, ps: answer.ps, pns: answer.pns, answer, graphVersion };
    },
    dSeparated: async (_: unknown, args: { x: string[]; y: string[]; given?: string[] | null }, context: RequestContext) => {
      const { model, graphVersion } = await context.causal.model(context.tx);
      context.versions.see(graphVersion);
      const answer = dSeparation(buildCausalGraph(causalStructureOf(model)), args.x, args.y, args.given ?? []);
      return { separated: answer.separated, openPath: answer.separated ? null : answer.openPath, graphVersion };
    },
    identify: async (_: unknown, args: { treatment: string; outcome: string }, context: RequestContext) => {
      const { model, graphVersion } = await context.causal.model(context.tx);
      context.versions.see(graphVersion);
      const structure = causalStructureOf(model);
      const query = { treatment: [args.treatment], outcome: [args.outcome] };
      const answer = identificationOutput(structure, query, identifyEffect(buildCausalGraph(structure), query.treatment, query.outcome));
      return { ...answer, adjustmentSet: answer.adjustmentSet ?? null, hedge: answer.hedge ?? null, answer, graphVersion };
    },
    fit: async (_: unknown, args: { csv: string; variables?: string[] | null; prior?: { alpha?: number | null; ess?: number | null } | null }, context: RequestContext) => {
      const { answer, graphVersion } = await context.causal.fit(args.csv, args.variables ?? [], priorOf(args.prior), context.tx);
      context.versions.see(graphVersion);
      return { ...answer, answer, graphVersion };
    },
    estimate: async (_: unknown, args: EstimateArgs, context: RequestContext) => {
      const query = { treatment: args.treatment, outcome: args.outcome, ...(args.control ? { control: args.control } : {}) };
      const options = Object.fromEntries(
        (['bootstrap', 'level', 'seed', 'alpha', 'simulations'] as const).filter((k) => args[k] !== undefined && args[k] !== null).map((k) => [k, args[k]]),
      );
      const { answer, graphVersion } = await context.causal.estimate(args.csv, query, options, context.tx);
      context.versions.see(graphVersion);
      return { ...answer, pControl: answer.pControl ?? null, ate: answer.ate ?? null, answer, graphVersion };
    },
    verify: (_: unknown, args: { certificate: unknown }) => {
      const doc = args.certificate;
      if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || !('certificate' in doc)) {
        throw badUserInput('expected the whole answer: an object with a "certificate" field', 'certificate');
      }
      // The server never opens files a caller names: file-based answers are verified with the CLI where the file is.
      if (namesAFile(doc)) throw badUserInput('this answer names a model file: verify it with `causeway verify FILE` where the file is', 'certificate');
      const certificate = (doc as { certificate: { kind?: unknown; type?: unknown } | null }).certificate;
      const outcome =
        certificate?.kind === 'identification'
          ? verifyIdentificationCertificate(doc)
          : certificate?.type === 'causeway.causal.estimate'
            ? verifyEstimateCertificate(doc)
            : verifyCausalOutput(doc, { baseDir: process.cwd() });
      return outcome.valid ? { valid: true, checked: outcome.checked } : { valid: false, step: outcome.step, reason: outcome.reason };
    },
  },
};
