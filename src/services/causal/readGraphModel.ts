import {
  buildCptModel,
  buildNoisyOrModel,
  type CausalModel,
  type CptInput,
  type NoisyOrEdgeInput,
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
 * "active cause" and are left out, which the assumptions say.
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

  // Mixed graph: write the noisy-OR part as CPTs too, so one model holds both.
  const cpts: CptInput[] = withCpt.map((e) => ({ variable: e.id, parents: e.cptParents ?? [], table: parseCpt(e) }));
  const variables = [...withCpt.map((e) => ({ id: e.id, states: e.states! })), ...noisy.variables.map((v) => ({ id: v.id, states: v.states }))];
  const noisyAsCpts = noisyOrTables(noisy);
  const model = buildCptModel(variables, [...cpts, ...noisyAsCpts], {
    confounded,
    format: 'graph',
    assumptions: [...noisy.assumptions],
  });
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

/** Noisy-OR mechanisms tabulated row by row (parents binary, first parent slowest). */
function noisyOrTables(model: CausalModel): CptInput[] {
  return model.variables.map((v) => {
    const m = v.mechanism;
    if (m.type !== 'noisy-or') throw invalidModel(`variable "${v.id}" is not noisy-OR`);
    const n = v.parents.length;
    if (n > 20) throw invalidModel(`noisy-OR node "${v.id}" has ${n} parents: too many to tabulate beside CPT variables`, { variable: v.id });
    const table: number[][] = [];
    for (let row = 0; row < 1 << n; row++) {
      let off = 1 - m.leak;
      let blocked = 1;
      for (let i = 0; i < n; i++) {
        const active = (row >> (n - 1 - i)) & 1; // first parent varies slowest
        if (active) {
          off *= 1 - m.causeStrength[i]!;
          blocked *= 1 - m.preventStrength[i]!;
        }
      }
      const pTrue = (1 - off) * blocked;
      table.push([1 - pTrue, pTrue]);
    }
    return { variable: v.id, parents: v.parents, table };
  });
}

