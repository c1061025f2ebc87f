import {
  buildCptModel,
  buildNoisyOrModel,
  type CausalModel,
  type CptInput,
  type NoisyOrEdgeInput,
  validateModel,
} from '../../causal';
import { invalidModel } from '../../errors';
import type { GraphClient, TransactionOptions } from '../../graph';


export interface GraphModel {
  model: CausalModel;
  graphVersion: number;
}

interface EntityRow {
  id: string;
  baseRate: number | null;
  states: string[] | null;
  cpt: string | null;
  cptParents: string[] | null;
}

/**
 * The knowledge graph as one causal model, read in a single read transaction
 * (so it is the model of exactly one graph version):
 *   - entities with an explicit CPT (e.g. imported from BIF) keep it, their
 *     parents in `cptParents` order;
 *   - every other causal entity is a noisy-OR node: its base rate is the leak
 *     (the configured default where it has none, named in the assumptions),
 *     its CAUSES/PREVENTS edges with a strength the mechanisms.
 * Edges from a CPT variable into a noisy-OR node cannot be read as a binary
 * "active cause" and are left out, which the assumptions say. Each variable
 * keeps its own mechanism, so a query whose ancestral part is all noisy-OR
 * stays a noisy-OR question (exact counterfactuals) in a mixed graph.
 */
export async function readGraphModel(graph: GraphClient, options: { defaultBaseRate: number; tx?: TransactionOptions }): Promise<GraphModel> {
  const { entities, edges, confounded, graphVersion } = await graph.read(async (tx) => {
    const [versionRows, entityRows, edgeRows, pairRows] = [
      await tx.run('version/read-graph-version'),
      await tx.run('causal/read-causal-entities'),
      await tx.run('causal/read-causal-edges'),
      await tx.run('causal/read-confounded-pairs'),
    ];
    return {
      graphVersion: Number(versionRows[0]?.graphVersion ?? 0),
      entities: entityRows as unknown as EntityRow[],
      edges: edgeRows as unknown as { from: string; to: string; kind: 'CAUSES' | 'PREVENTS'; strength: number | null }[],
      confounded: pairRows.map((row) => [String(row.a), String(row.b)] as const),
    };
  }, options.tx);

  const withCpt = entities.filter((e) => e.cpt !== null && e.states !== null);
  const cptIds = new Set(withCpt.map((e) => e.id));
  const noisyNodes = entities.filter((e) => !cptIds.has(e.id)).map((e) => ({ id: e.id, baseRate: e.baseRate }));
  const noisyEdges: NoisyOrEdgeInput[] = [];
  const dropped: string[] = [];
  for (const edge of edges) {
    if (cptIds.has(edge.to)) continue; // the child's CPT is its mechanism
    if (cptIds.has(edge.from) || edge.strength === null) {
      dropped.push(`${edge.from} -[${edge.kind}]-> ${edge.to}`);
      continue;
    }
    noisyEdges.push({ from: edge.from, to: edge.to, kind: edge.kind, strength: edge.strength });
  }

  const noisy = buildNoisyOrModel(noisyNodes, noisyEdges, { defaultBaseRate: options.defaultBaseRate, confounded });
  if (withCpt.length === 0) return { model: withDropped(noisy, dropped), graphVersion };

  // Mixed graph: one model whose variables keep their own mechanism (the engine handles both).
  const cpts: CptInput[] = withCpt.map((e) => ({ variable: e.id, parents: e.cptParents ?? [], table: parseCpt(e) }));
  const cptPart = buildCptModel(
    withCpt.map((e) => ({ id: e.id, states: e.states! })),
    cpts,
    { confounded: confounded.filter(([a, b]) => cptIds.has(a) && cptIds.has(b)), format: 'graph' },
  );
  const model: CausalModel = {
    format: 'graph',
    variables: [...cptPart.variables, ...noisy.variables],
    confounded,
    assumptions: [...noisy.assumptions],
  };
  validateModel(model);
  return { model: withDropped(model, dropped), graphVersion };
}

function withDropped(model: CausalModel, dropped: string[]): CausalModel {
  if (dropped.length === 0) return model;
  const shown = dropped.slice(0, 10).join(', ') + (dropped.length > 10 ? `, … (${dropped.length} in all)` : '');
  return { ...model, assumptions: [...model.assumptions, `edges without a usable noisy-OR strength left out: ${shown}`] };
}

function parseCpt(entity: EntityRow): number[][] {
  try {
    return JSON.parse(entity.cpt!) as number[][];
  } catch {
    throw invalidModel(`the CPT stored on entity "${entity.id}" is not valid JSON`, { variable: entity.id });
  }
}
