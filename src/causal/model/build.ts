import { invalidModel } from '../../errors';
import { validateModel } from './validate';
import { NOISY_OR_STATES, type CausalModel, type ModelFormat, type ModelVariable } from './types';

/** An entity as a service reads it from the graph (or a noisy-OR JSON node). */
export interface NoisyOrNodeInput {
  id: string;
  /** The leak P(X | no active cause); null/undefined means "use the default base rate". */
  baseRate?: number | null;
}

export interface NoisyOrEdgeInput {
  from: string;
  to: string;
  kind: 'CAUSES' | 'PREVENTS';
  strength: number;
}

export interface NoisyOrBuildOptions {
  /** Leak used where a node has no base rate; each use is recorded in the model's assumptions. */
  defaultBaseRate?: number;
  confounded?: readonly (readonly [string, string])[];
  format?: ModelFormat;
}

/**
 * Builds a validated noisy-OR SCM from plain rows — the entry point for a
 * service that read `(:Entity)` and `CAUSES`/`PREVENTS` edges from the graph.
 * Several edges of one kind between one pair combine as independent
 * mechanisms (1 − Π(1 − s)), which is what two switches in series mean.
 */
export function buildNoisyOrModel(
  nodes: readonly NoisyOrNodeInput[],
  edges: readonly NoisyOrEdgeInput[],
  options: NoisyOrBuildOptions = {},
): CausalModel {
  const assumptions: string[] = [];
  const defaulted: string[] = [];
  const incoming = new Map<string, Map<string, { cause: number; prevent: number }>>();
  for (const node of nodes) incoming.set(node.id, new Map());
  for (const edge of edges) {
    const into = incoming.get(edge.to);
    if (!into) throw invalidModel(`edge ${edge.from} -> ${edge.to} points at unknown node "${edge.to}"`, { edge });
    if (!incoming.has(edge.from)) throw invalidModel(`edge ${edge.from} -> ${edge.to} starts at unknown node "${edge.from}"`, { edge });
    if (edge.kind !== 'CAUSES' && edge.kind !== 'PREVENTS') {
      throw invalidModel(`edge ${edge.from} -> ${edge.to} has kind "${String(edge.kind)}", expected CAUSES or PREVENTS`, { edge });
    }
    const link = into.get(edge.from) ?? { cause: 0, prevent: 0 };
    if (edge.kind === 'CAUSES') link.cause = 1 - (1 - link.cause) * (1 - edge.strength);
    else link.prevent = 1 - (1 - link.prevent) * (1 - edge.strength);
    into.set(edge.from, link);
  }
  const variables: ModelVariable[] = nodes.map((node) => {
    let leak = node.baseRate;
    if (leak === null || leak === undefined) {
      if (options.defaultBaseRate === undefined) {
        throw invalidModel(`node "${node.id}" has no base rate (leak) and no default is configured`, { variable: node.id });
      }
      leak = options.defaultBaseRate;
      defaulted.push(node.id);
    }
    const links = [...incoming.get(node.id)!];
    return {
      id: node.id,
      states: NOISY_OR_STATES,
      parents: links.map(([parent]) => parent),
      mechanism: {
        type: 'noisy-or',
        leak,
        causeStrength: Float64Array.from(links, ([, l]) => l.cause),
        preventStrength: Float64Array.from(links, ([, l]) => l.prevent),
      },
    };
  });
  if (defaulted.length > 0) {
    const shown = defaulted.slice(0, 20).join(', ') + (defaulted.length > 20 ? `, … (${defaulted.length} in all)` : '');
    assumptions.push(`default base rate ${options.defaultBaseRate} used for nodes without one: ${shown}`);
  }
  const model: CausalModel = {
    format: options.format ?? 'graph',
    variables,
    confounded: options.confounded ?? [],
    assumptions,
  };
  validateModel(model);
  return model;
}

export interface CptVariableInput {
  id: string;
  states: readonly string[];
}

export interface CptInput {
  variable: string;
  parents: readonly string[];
  /** One row per parent configuration (first parent varying slowest), one column per state. */
  table: readonly (readonly number[])[];
}

/**
 * Builds a validated CPT model from plain data (CPT JSON, BIF, or CPTs a
 * service read from entities). Every variable needs exactly one CPT.
 */
export function buildCptModel(
  variableInputs: readonly CptVariableInput[],
  cpts: readonly CptInput[],
  options: { confounded?: readonly (readonly [string, string])[]; format?: ModelFormat; assumptions?: string[] } = {},
): CausalModel {
  const cptOf = new Map<string, CptInput>();
  for (const cpt of cpts) {
    if (cptOf.has(cpt.variable)) throw invalidModel(`two CPTs for "${cpt.variable}"`, { variable: cpt.variable });
    cptOf.set(cpt.variable, cpt);
  }
  const known = new Set(variableInputs.map((v) => v.id));
  for (const cpt of cpts) {
    if (!known.has(cpt.variable)) throw invalidModel(`CPT for unknown variable "${cpt.variable}"`, { variable: cpt.variable });
  }
  const variables: ModelVariable[] = variableInputs.map((input) => {
    const cpt = cptOf.get(input.id);
    if (!cpt) throw invalidModel(`no CPT for variable "${input.id}"`, { variable: input.id });
    const width = input.states.length;
    cpt.table.forEach((row, r) => {
      if (row.length !== width) {
        throw invalidModel(`row ${r} of the CPT of "${input.id}" has ${row.length} entries, expected ${width}`, {
          variable: input.id,
          row: r,
        });
      }
    });
    return {
      id: input.id,
      states: [...input.states],
      parents: [...cpt.parents],
      mechanism: { type: 'cpt', table: Float64Array.from(cpt.table.flat()) },
    };
  });
  const model: CausalModel = {
    format: options.format ?? 'cpt-json',
    variables,
    confounded: options.confounded ?? [],
    assumptions: options.assumptions ?? [],
  };
  validateModel(model);
  return model;
}
