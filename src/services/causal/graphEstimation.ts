import { createHash } from 'node:crypto';
import { modelToJson, type CausalModel } from '../../causal';
import {
  DEFAULT_PRIOR,
  estimateFromCsv,
  fitCpts,
  type DirichletPrior,
  type EffectQuery,
  type EstimateAnswer,
  type EstimateOptions,
  type EstimationModel,
} from '../../causal/estimation';
import type { CausalStructure } from '../../causal/identification';
import { limitExceeded } from '../../errors';

/**
 * `fit` and `estimate` over the knowledge graph (GraphQL): the structure and
 * the states are the graph's causal model, the observations come inline as
 * CSV text. The answers have the CLI's shapes; the estimate certificate
 * carries dataSha256 (of the CSV text) and modelSha256 (of the structure's
 * JSON as certified) as `causeway causal estimate` does for its files.
 */
export const MAX_INLINE_CSV_BYTES = 8 * 1024 * 1024;

export function checkInlineCsv(csv: string): void {
  const bytes = Buffer.byteLength(csv, 'utf8');
  if (bytes > MAX_INLINE_CSV_BYTES) {
    throw limitExceeded(`the inline CSV has ${bytes} bytes, over the limit of ${MAX_INLINE_CSV_BYTES}; use \`causeway causal fit|estimate --data FILE\``, {
      bytes,
      limit: MAX_INLINE_CSV_BYTES,
    });
  }
}

/** Parents as edges, CONFOUNDED pairs as latent confounders. */
export function causalStructureOf(model: CausalModel): CausalStructure {
  return {
    nodes: model.variables.map((v) => v.id),
    edges: model.variables.flatMap((v) => v.parents.map((from) => ({ from, to: v.id }))),
    confounded: model.confounded.map(([a, b]) => [a, b] as [string, string]),
  };
}

/**
 * A part of the graph as estimation sees it: its structure and declared
 * states (noisy-OR entities: false/true); the CSV may also carry columns for
 * the graph's other variables (checked, unused).
 */
export function estimationModelOf(part: CausalModel, whole: CausalModel): EstimationModel {
  return {
    structure: causalStructureOf(part),
    states: new Map(part.variables.map((v) => [v.id, v.states])),
    columns: whole.variables.map((v) => ({ id: v.id, states: v.states })),
  };
}

export interface GraphFitAnswer {
  /** The fitted model as CPT JSON (what `causal fit` writes to --out). */
  model: unknown;
  variables: number;
  prior: DirichletPrior;
  assumptions: readonly string[];
}

export function fitOnGraph(part: CausalModel, whole: CausalModel, csv: string, prior: DirichletPrior = DEFAULT_PRIOR): GraphFitAnswer {
  checkInlineCsv(csv);
  const fitted = fitCpts(estimationModelOf(part, whole), csv, prior);
  return { model: modelToJson(fitted), variables: fitted.variables.length, prior, assumptions: fitted.assumptions };
}

export function estimateOnGraph(part: CausalModel, whole: CausalModel, csv: string, query: EffectQuery, options: EstimateOptions = {}): EstimateAnswer & { certificate: { modelSha256: string; dataSha256: string } } {
  checkInlineCsv(csv);
  const model = estimationModelOf(part, whole);
  const answer = estimateFromCsv(model, csv, query, options);
  return { ...answer, certificate: { ...answer.certificate, modelSha256: sha256(JSON.stringify(model.structure)), dataSha256: sha256(csv) } };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
