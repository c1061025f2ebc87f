import {
  causalEffect,
  compileModel,
  modelToJson,
  queryDistribution,
  type CausalModel,
  type CompiledModel,
  type EffectAnswer,
  type EffectQuery,
  type InferenceLimits,
  type ModelSource,
  type QueryAnswer,
  type QueryOptions,
  type CausalQuery,
} from '../../causal';
import { badUserInput } from '../../errors';
import type { GraphClient, TransactionOptions } from '../../graph';
import { currentVersion } from '../kg/graphVersion';
import type { DirichletPrior, EffectQuery as EstimateQuery, EstimateOptions } from '../../causal/estimation';
import { estimateOnGraph, fitOnGraph } from './graphEstimation';
import { readGraphModel } from './readGraphModel';

export interface CausalServiceOptions {
  defaultBaseRate: number;
  limits?: Partial<InferenceLimits>;
}

export interface GraphAnswer<T> {
  answer: T;
  graphVersion: number;
}

/**
 * Causal queries over the knowledge graph. The model is cached by graph
 * version: every committed write advances the version, so a query after a
 * write re-reads it and no answer reads a stale model. Each query runs on the
 * ancestral part of its variables (compiled parts are cached by content hash
 * in the engine); certificates name the graph version and embed that part, so
 * `verify` re-checks them without the database.
 */
export class CausalService {
  private cached?: { graphVersion: number; model: CausalModel };

  constructor(
    private readonly graph: GraphClient,
    private readonly options: CausalServiceOptions,
  ) {}

  /** The graph's validated model, re-read only when the graph version moved. */
  async model(tx?: TransactionOptions): Promise<{ model: CausalModel; graphVersion: number }> {
    const version = await currentVersion(this.graph, tx);
    if (this.cached && this.cached.graphVersion === version) return this.cached;
    this.cached = await readGraphModel(this.graph, { defaultBaseRate: this.options.defaultBaseRate, tx });
    return this.cached;
  }

  async intervene(query: CausalQuery, tx?: TransactionOptions): Promise<GraphAnswer<QueryAnswer>> {
    const variables = [query.target, ...Object.keys(query.do ?? {}), ...Object.keys(query.given ?? {})];
    return this.withModel(variables, ({ compiled }, options) => queryDistribution(compiled, query, options), tx);
  }

  async effect(query: EffectQuery, tx?: TransactionOptions): Promise<GraphAnswer<EffectAnswer>> {
    const variables = [query.treatment.variable, query.outcome.variable];
    return this.withModel(variables, ({ compiled }, options) => causalEffect(compiled, query, options), tx);
  }

  /**
   * Runs any engine query on the graph's model, with the certificate source
   * (graph version + the ancestral part of `variables`) and limits filled in.
   */
  async withModel<T>(
    variables: string[],
    run: (models: { model: CausalModel; compiled: CompiledModel }, options: QueryOptions) => T,
    tx?: TransactionOptions,
  ): Promise<GraphAnswer<T>> {
    const { model, graphVersion } = await this.model(tx);
    // The ancestral part is closed under parents: a model of its own, with the same answers.
    const part = ancestralPart(model, variables);
    const source: ModelSource = { kind: 'graph', graphVersion, embedded: modelToJson(part) };
    return { answer: run({ model: part, compiled: compileModel(part) }, { source, limits: this.options.limits }), graphVersion };
  }

  /**
   * Fits CPTs for `variables` and their ancestors in the graph from inline CSV
   * (every one of them a column); the whole graph when `variables` is empty.
   */
  async fit(csv: string, variables: string[], prior: DirichletPrior | undefined, tx?: TransactionOptions) {
    const { model, graphVersion } = await this.model(tx);
    const part = variables.length > 0 ? ancestralPart(model, checkedNames(model, variables)) : model;
    return { answer: fitOnGraph(part, model, csv, prior), graphVersion };
  }

  /** Estimates P(y | do(x)) from inline CSV, identified on the ancestral part of treatment and outcome in the graph. */
  async estimate(csv: string, query: EstimateQuery, options: EstimateOptions, tx?: TransactionOptions) {
    const { model, graphVersion } = await this.model(tx);
    const variables = [query.treatment.variable, query.outcome.variable, ...(query.control ? [query.control.variable] : [])];
    const part = ancestralPart(model, checkedNames(model, variables));
    return { answer: estimateOnGraph(part, model, csv, query, options), graphVersion };
  }

  /** Reads and validates the graph's causal model (acyclic, CPT rows, ranges); throws the typed error. */
  async validate(tx?: TransactionOptions): Promise<{ graphVersion: number; variables: number; edges: number; assumptions: readonly string[] }> {
    const { model, graphVersion } = await this.model(tx);
    const edges = model.variables.reduce((sum, v) => sum + v.parents.length, 0);
    return { graphVersion, variables: model.variables.length, edges, assumptions: model.assumptions };
  }

}

/** Names that are not variables of the graph's model are a BAD_USER_INPUT, not a silently smaller part. */
function checkedNames(model: CausalModel, names: string[]): string[] {
  const known = new Set(model.variables.map((v) => v.id));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) throw badUserInput(`not variables of the graph's causal model: ${unknown.join(', ')}`, 'variables', { unknown });
  return names;
}

function ancestralPart(model: CausalModel, variables: string[]): CausalModel {
  const keep = ancestralSet(model, variables);
  return { ...model, variables: model.variables.filter((v) => keep.has(v.id)), confounded: model.confounded.filter(([a, b]) => keep.has(a) && keep.has(b)) };
}

/** The variables and all their ancestors: closed under parents, so a model of its own. */
function ancestralSet(model: CausalModel, seeds: string[]): Set<string> {
  const parentsOf = new Map(model.variables.map((v) => [v.id, v.parents]));
  const seen = new Set<string>();
  const stack = seeds.filter((id) => parentsOf.has(id));
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const parent of parentsOf.get(id) ?? []) stack.push(parent);
  }
  return seen;
}
