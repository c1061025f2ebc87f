import { createHash } from 'node:crypto';
import { modelToJson, type CausalModel } from '../../causal';
import type { GraphClient } from '../../graph';
import { bumpVersion } from '../kg/graphVersion';

export interface CptImportReport {
  entities: number;
  edges: number;
  graphVersion: number;
}

/**
 * Writes a CPT model (e.g. a parsed BIF network) into the graph in one
 * transaction: each variable an entity with `states`, `cpt` (JSON text, rows
 * as in the CPT JSON format) and `cptParents`; each arc a CAUSES edge marked
 * `mechanism: 'cpt'` whose id is derived from its endpoints, so importing the
 * same network twice changes nothing but `updatedAt`.
 */
export async function importCptModel(graph: GraphClient, model: CausalModel, options: { assertedBy: string; entityType?: string }): Promise<CptImportReport> {
  const json = modelToJson(model) as { cpts?: { variable: string; parents: string[]; table: number[][] }[] };
  const statesOf = new Map(model.variables.map((v) => [v.id, v.states]));
  const cpts = json.cpts ?? [];
  const entityRows = cpts.map((cpt) => ({
    id: cpt.variable,
    type: options.entityType ?? 'Variable',
    states: statesOf.get(cpt.variable),
    cpt: JSON.stringify(cpt.table),
    parents: cpt.parents,
  }));
  const edgeRows = cpts.flatMap((cpt) =>
    cpt.parents.map((parent) => ({ from: parent, to: cpt.variable, id: edgeId(parent, cpt.variable) })),
  );
  return graph.write(async (tx) => {
    await tx.run('causal/import-cpt-entities', { rows: entityRows, assertedBy: options.assertedBy });
    await tx.run('causal/import-cpt-edges', { rows: edgeRows, assertedBy: options.assertedBy });
    const graphVersion = await bumpVersion(tx, entityRows.map((row) => row.id)); // the arcs are between them
    return { entities: entityRows.length, edges: edgeRows.length, graphVersion };
  });
}

function edgeId(from: string, to: string): string {
  return `rel-cpt-${createHash('sha256').update(`${from}\u0000${to}`).digest('hex').slice(0, 24)}`;
}
