import { invalidQuery } from '../../errors';
import { compileModel, type CompiledModel } from '../model/compile';
import type { CausalModel } from '../model/types';
import { infer, zeroProbabilityEvidence, type IndexedQuery } from '../inference/infer';
import type { RelevantPart } from '../inference/relevance';
import { DEFAULT_LIMITS, type InferenceLimits } from '../inference/limits';
import { scratchOf } from '../inference/scratch';
import type { ModelSource, QueryCertificate } from './certificate';

export type Assignment = Readonly<Record<string, string>>;

export interface CausalQuery {
  target: string;
  /** Interventions do(X = x). */
  do?: Assignment;
  /** Observed evidence. */
  given?: Assignment;
}

export interface QueryOptions {
  limits?: Partial<InferenceLimits>;
  /** Where the model came from, copied into the certificate. */
  source?: ModelSource;
  /**
   * The caller has already established P(evidence | do) > 0 (e.g. the twin
   * network, whose actual world is checked on the original model), so the
   * extra computation of P(evidence) is skipped.
   */
  evidenceKnownPossible?: boolean;
}

export interface QueryAnswer {
  target: string;
  /** Every state of the target, normalised. */
  distribution: Record<string, number>;
  certificate: QueryCertificate;
}

/**
 * P(target | do(…), given): observational when `do` is empty. Exact, on the
 * relevant part of the mutilated graph only. Evidence of probability zero is
 * ZERO_PROBABILITY_EVIDENCE; unknown variables or states are INVALID_QUERY.
 */
export function queryDistribution(model: CausalModel | CompiledModel, query: CausalQuery, options: QueryOptions = {}): QueryAnswer {
  const compiled = 'hash' in model ? model : compileModel(model);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const indexed = indexQuery(compiled, query);
  try {
    return answerIndexed(compiled, query, indexed, limits, options);
  } finally {
    releaseQuery(indexed);
  }
}

function answerIndexed(
  compiled: CompiledModel,
  query: CausalQuery,
  indexed: IndexedQuery,
  limits: InferenceLimits,
  options: QueryOptions,
): QueryAnswer {
  const target = indexed.target;
  const targetFixed = indexed.fixed[target]!;
  const inference = infer(compiled, indexed, limits, targetFixed >= 0);
  const states = compiled.states[target]!;
  const distribution: Record<string, number> = {};
  if (targetFixed >= 0) {
    // The target is fixed by do() or evidence: a point mass, once the evidence is possible.
    if (indexed.evidence.length > 0 && !(inference.joint[0]! > 0)) throw zeroEvidence(compiled, indexed);
    states.forEach((s, i) => (distribution[s] = i === targetFixed ? 1 : 0));
  } else {
    const joint = Array.from(inference.joint, (p) => Math.max(0, p));
    const total = joint.reduce((a, b) => a + b, 0);
    if (!(total > 0)) throw zeroEvidence(compiled, indexed);
    if (!options.evidenceKnownPossible) checkEvidencePossible(compiled, indexed, limits);
    states.forEach((s, i) => (distribution[s] = joint[i]! / total));
  }
  return {
    target: query.target,
    distribution,
    certificate: queryCertificate(compiled, query, indexed, inference, distribution, options.source),
  };
}

/**
 * Bayes-Ball computes P(target | evidence) without P(evidence) itself (the
 * mechanisms of observed ancestors and of d-separated evidence are dropped),
 * yet conditioning on an impossible event must be an error. P(evidence | do)
 * can only be 0 if some mechanism in the evidence's ancestral set has a zero;
 * only then is it computed, on that ancestral set.
 */
function checkEvidencePossible(model: CompiledModel, query: IndexedQuery, limits: InferenceLimits): void {
  if (query.evidence.length === 0 || !ancestorsMayBeZero(model, query)) return;
  const evidenceOnly: IndexedQuery = { ...query, target: query.evidence[0]! };
  const check = infer(model, evidenceOnly, limits, true);
  if (!(check.joint[0]! > 0)) throw zeroEvidence(model, query);
}

/**
 * Throws ZERO_PROBABILITY_EVIDENCE unless P(given | do) > 0, computing it only
 * when some mechanism among the evidence's ancestors has a zero.
 */
export function assertEvidencePossible(model: CausalModel | CompiledModel, given: Assignment, doing: Assignment = {}, limits: Partial<InferenceLimits> = {}): void {
  const compiled = 'hash' in model ? model : compileModel(model);
  const [first] = Object.keys(given);
  if (first === undefined) return;
  const indexed = indexQuery(compiled, { target: first, do: doing, given }); // also rejects unknown names and do/given conflicts
  if (!hasAnyZero(compiled)) {
    // No mechanism can give probability 0, so no evidence has probability 0.
    releaseQuery(indexed);
    return;
  }
  try {
    checkEvidencePossible(compiled, indexed, { ...DEFAULT_LIMITS, ...limits });
  } finally {
    releaseQuery(indexed);
  }
}

const anyZero = new WeakMap<CompiledModel, boolean>();

function hasAnyZero(model: CompiledModel): boolean {
  let known = anyZero.get(model);
  if (known === undefined) anyZero.set(model, (known = model.mayBeZero.includes(1)));
  return known;
}

/** Whether a zero can reach the evidence is structural (which variables are fixed, not their states): cached per model. */
const zeroReach = new WeakMap<CompiledModel, Map<string, boolean>>();
const ZERO_REACH_CACHE_SIZE = 256;

function ancestorsMayBeZero(model: CompiledModel, query: IndexedQuery): boolean {
  const key = `${[...query.interventions].sort((a, b) => a - b)}|${[...query.evidence].sort((a, b) => a - b)}`;
  let cache = zeroReach.get(model);
  if (!cache) zeroReach.set(model, (cache = new Map()));
  let known = cache.get(key);
  if (known === undefined) {
    known = walkAncestorsForZero(model, query);
    cache.set(key, known);
    if (cache.size > ZERO_REACH_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return known;
}

function walkAncestorsForZero(model: CompiledModel, query: IndexedQuery): boolean {
  const seen = new Set<number>(query.evidence);
  const stack = [...query.evidence];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (model.mayBeZero[v]) return true;
    if (query.intervened[v]) continue;
    for (const p of model.parents[v]!) {
      if (!seen.has(p)) {
        seen.add(p);
        stack.push(p);
      }
    }
  }
  return false;
}

function zeroEvidence(model: CompiledModel, query: IndexedQuery) {
  const given = Object.fromEntries(query.evidence.map((v) => [model.ids[v]!, model.states[v]![query.fixed[v]!]!]));
  return zeroProbabilityEvidence(`the evidence ${JSON.stringify(given)} has probability zero under the (intervened) model`, {
    given,
  });
}

/** The query in model indices, written into the model's scratch arrays; `releaseQuery` clears them. */
export function indexQuery(model: CompiledModel, query: CausalQuery): IndexedQuery {
  const { fixed, intervened } = scratchOf(model);
  const written: number[] = [];
  try {
    return fillQuery(model, query, fixed, intervened, written);
  } catch (error) {
    for (const v of written) {
      fixed[v] = -1;
      intervened[v] = 0;
    }
    throw error;
  }
}

export function releaseQuery(query: IndexedQuery): void {
  for (const v of [...query.interventions, ...query.evidence]) {
    query.fixed[v] = -1;
    query.intervened[v] = 0;
  }
}

function fillQuery(model: CompiledModel, query: CausalQuery, fixed: Int32Array, intervened: Uint8Array, written: number[]): IndexedQuery {
  const target = lookupVariable(model, query.target, 'target');
  const interventions: number[] = [];
  for (const [name, state] of Object.entries(query.do ?? {})) {
    const v = lookupVariable(model, name, 'do');
    fixed[v] = lookupState(model, v, state, 'do');
    intervened[v] = 1;
    written.push(v);
    interventions.push(v);
  }
  const evidence: number[] = [];
  for (const [name, state] of Object.entries(query.given ?? {})) {
    const v = lookupVariable(model, name, 'given');
    const s = lookupState(model, v, state, 'given');
    if (intervened[v]) {
      // Observing an intervened variable at its forced state says nothing; at another state it is impossible.
      if (fixed[v] !== s) {
        throw zeroProbabilityEvidence(`"${name}" is set to "${model.states[v]![fixed[v]!]}" by do() but observed as "${state}"`, {
          variable: name,
        });
      }
      continue;
    }
    fixed[v] = s;
    written.push(v);
    evidence.push(v);
  }
  return { target, fixed, intervened, evidence, interventions };
}

function lookupVariable(model: CompiledModel, name: string, field: string): number {
  const v = model.indexOf.get(name);
  if (v === undefined) throw invalidQuery(`unknown variable "${name}"`, field, { variable: name });
  return v;
}

function lookupState(model: CompiledModel, v: number, state: string, field: string): number {
  const s = model.states[v]!.indexOf(state);
  if (s < 0) {
    throw invalidQuery(`"${state}" is not a state of "${model.ids[v]}" (states: ${model.states[v]!.join(', ')})`, field, {
      variable: model.ids[v],
      state,
    });
  }
  return s;
}

function queryCertificate(
  model: CompiledModel,
  query: CausalQuery,
  indexed: IndexedQuery,
  inference: ReturnType<typeof infer>,
  distribution: Record<string, number>,
  source: ModelSource | undefined,
): QueryCertificate {
  const { requisiteFixed } = inference.part;
  const structure = certificateStructure(model, indexed, inference.part);
  const evidence: Record<string, string> = {};
  for (const v of requisiteFixed) if (!indexed.intervened[v]) evidence[model.ids[v]!] = model.states[v]![indexed.fixed[v]!]!;
  return {
    type: 'causeway.causal.query',
    version: 1,
    model: { hash: model.hash, format: model.model.format, ...(source ? { source } : {}) },
    query: { target: query.target, do: { ...query.do }, given: { ...query.given } },
    intervenedGraph: { cutEdges: [...structure.cutEdges], edges: [...structure.edges] },
    relevantVariables: [...structure.relevantVariables],
    interventionsRead: [...structure.interventionsRead],
    evidence,
    eliminationOrder: [...inference.order],
    assumptions: [...model.model.assumptions],
    result: { distribution },
    stats: {
      touchedVariables: inference.part.touched,
      maxTableEntries: inference.maxTableEntries,
      inducedWidth: inference.width,
    },
  };
}

interface CertificateStructure {
  readonly edges: readonly [string, string][];
  readonly cutEdges: readonly [string, string][];
  readonly relevantVariables: readonly string[];
  readonly interventionsRead: readonly string[];
}

/** The parts of a certificate fixed by the plan (its relevant part is cached with it), built once per plan. */
const structures = new WeakMap<RelevantPart, CertificateStructure>();

function certificateStructure(model: CompiledModel, indexed: IndexedQuery, part: RelevantPart): CertificateStructure {
  const known = structures.get(part);
  if (known) return known;
  const { requisite, requisiteFixed } = part;
  const relevant = new Set<number>([...requisite, ...requisiteFixed]);
  const mechanismsUsed = new Set<number>(requisite);
  const edges: [string, string][] = [];
  const cutEdges: [string, string][] = [];
  for (const v of relevant) {
    for (const p of model.parents[v]!) {
      const edge: [string, string] = [model.ids[p]!, model.ids[v]!];
      if (indexed.intervened[v]) cutEdges.push(edge);
      else if (mechanismsUsed.has(v)) edges.push(edge);
    }
  }
  const structure: CertificateStructure = {
    edges,
    cutEdges,
    relevantVariables: Array.from(requisite, (v) => model.ids[v]!),
    interventionsRead: Array.from(requisiteFixed)
      .filter((v) => indexed.intervened[v])
      .map((v) => model.ids[v]!),
  };
  structures.set(part, structure);
  return structure;
}
