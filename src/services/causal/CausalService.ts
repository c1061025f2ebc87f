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
import type { GraphClient, TransactionOptions } from '../../graph';
import { currentVersion } from '../kg/graphVersion';
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
 * Causal queries over the knowledge graph. The compiled model is cached by
 * graph version: every committed write advances the version, so a query
 * after a write recompiles and no answer reads a stale model. Certificates
 * name the graph version and embed the ancestral part of the model the query
 * needed, so `verify` re-checks them without the database.
 */
export class CausalService {
  private cached?: { graphVersion: number; model: CausalModel; compiled: CompiledModel };

  constructor(
    private readonly graph: GraphClient,
    private readonly options: CausalServiceOptions,
  ) {}

  async model(tx?: TransactionOptions): Promise<{ model: CausalModel; compiled: CompiledModel; graphVersion: number }> {
    const version = await currentVersion(this.graph, tx);
    if (this.cached && this.cached.graphVersion === version) return this.cached;
    const { model, graphVersion } = await readGraphModel(this.graph, { defaultBaseRate: this.options.defaultBaseRate, tx });
    this.cached = { graphVersion, model, compiled: compileModel(model) };
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
    const { model, compiled, graphVersion } = await this.model(tx);
    const source = this.source(model, graphVersion, variables);
    return { answer: run({ model, compiled }, { source, limits: this.options.limits }), graphVersion };
  }

  /** Reads and validates the graph's causal model (acyclic, CPT rows, ranges); throws the typed error. */
  async validate(tx?: TransactionOptions): Promise<{ graphVersion: number; variables: number; edges: number; assumptions: readonly string[] }> {
    const { model, graphVersion } = await this.model(tx);
    const edges = model.variables.reduce((sum, v) => sum + v.parents.length, 0);
    return { graphVersion, variables: model.variables.length, edges, assumptions: model.assumptions };
  }

  private source(model: CausalModel, graphVersion: number, variables: string[]): ModelSource {
    return { kind: 'graph', graphVersion, embedded: modelToJson(model, ancestralSet(model, variables)) };
  }
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
