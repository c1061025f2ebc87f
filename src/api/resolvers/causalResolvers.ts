import { badUserInput } from '../../errors';
import { verifyCausalOutput, verifyIdentificationCertificate } from '../../verify';
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
    verify: (_: unknown, args: { certificate: unknown }) => {
      const doc = args.certificate;
      if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || !('certificate' in doc)) {
        throw badUserInput('expected the whole answer: an object with a "certificate" field', 'certificate');
      }
      const certificate = (doc as { certificate: { kind?: unknown } | null }).certificate;
      const outcome =
        certificate?.kind === 'identification' ? verifyIdentificationCertificate(doc) : verifyCausalOutput(doc, { baseDir: process.cwd() });
      return outcome.valid ? { valid: true, checked: outcome.checked } : { valid: false, step: outcome.step, reason: outcome.reason };
    },
  },
};
