import { CausewayError, limitExceeded } from '../../errors';
import type { CompiledModel } from '../model/compile';
import { eliminationOrder } from './eliminationOrder';
import type { Factor } from './factor';
import type { InferenceLimits } from './limits';
import { addMechanismFactors, type FactorSink } from './mechanismFactors';
import { relevantPart, type RelevantPart } from './relevance';
import { eliminate } from './variableElimination';

/** A query in model indices: target, and the state of every fixed (observed or intervened) variable. */
export interface IndexedQuery {
  readonly target: number;
  /** State per variable, −1 where free. */
  readonly fixed: Int32Array;
  /** 1 for do-variables (their mechanisms are replaced by the fixed value). */
  readonly intervened: Uint8Array;
  readonly evidence: readonly number[];
  readonly interventions: readonly number[];
}

export interface Inference {
  /** P(target = s, evidence | do) for each state s (or the single number P(evidence | do) when the target is fixed). */
  readonly joint: Float64Array;
  readonly part: RelevantPart;
  /** Elimination order: model ids, and `X#noisy-or.k` for the k-th auxiliary of X's noisy-OR chain. */
  readonly order: readonly string[];
  readonly maxTableEntries: number;
  readonly width: number;
}

interface Plan {
  readonly part: RelevantPart;
  readonly order: Int32Array;
  readonly orderNames: readonly string[];
  readonly maxTableEntries: number;
  readonly width: number;
  /** Fixed variables in the requisite mechanisms' families: their states decide the restricted factors. */
  readonly fixedReads: Int32Array;
  /** Restricted factors by the states of `fixedReads` (a few per plan: factors do not change with the target's distribution). */
  readonly factors: Map<string, BuiltFactors>;
}

type BuiltFactors = ReturnType<typeof buildFactors>;

/** Restricted factor sets kept per plan, oldest dropped first. */
const FACTOR_SETS_PER_PLAN = 4;

const PLAN_CACHE_SIZE = 256;
const plans = new WeakMap<CompiledModel, Map<string, Plan>>();

/**
 * Exact P(target, evidence | do(interventions)) by variable elimination on
 * the query's relevant part. The plan (relevant part and elimination order)
 * depends only on which variables are fixed, not on their states, so it is
 * cached per compiled model and reused by warm queries.
 */
export function infer(model: CompiledModel, query: IndexedQuery, limits: InferenceLimits, ancestralOnly = false): Inference {
  const key = `${ancestralOnly ? 'A' : 'B'}${query.target}|${[...query.interventions].sort((a, b) => a - b)}|${[...query.evidence].sort((a, b) => a - b)}`;
  let cache = plans.get(model);
  if (!cache) plans.set(model, (cache = new Map()));
  const cached = cache.get(key);
  const part = cached?.part ?? relevantPart(model, query.target, query.fixed, query.intervened, query.evidence, ancestralOnly);
  if (part.requisite.length > limits.maxRelevantVariables) {
    throw limitExceeded(
      `the relevant part of the query has ${part.requisite.length} variables, over the limit of ${limits.maxRelevantVariables}`,
      { relevantVariables: part.requisite.length, limit: limits.maxRelevantVariables },
    );
  }
  const statesKey = cached ? Array.from(cached.fixedReads, (v) => query.fixed[v]).join(',') : '';
  const built = cached?.factors.get(statesKey) ?? buildFactors(model, part, query.fixed);
  const keep = query.fixed[query.target]! >= 0 ? -1 : built.localOf(query.target);
  let plan = cached;
  if (plan && !plan.factors.has(statesKey)) {
    plan.factors.set(statesKey, built);
    if (plan.factors.size > FACTOR_SETS_PER_PLAN) plan.factors.delete(plan.factors.keys().next().value!);
  }
  if (!plan) {
    const ordering = eliminationOrder(
      built.factors.map((f) => f.vars),
      built.card,
      new Set(keep >= 0 ? [keep] : []),
      built.card.length,
    );
    plan = {
      part,
      order: ordering.order,
      orderNames: Array.from(ordering.order, (local) => built.nameOf(local)),
      maxTableEntries: ordering.maxTableEntries,
      width: ordering.width,
      fixedReads: fixedFamilyMembers(model, part, query.fixed),
      factors: new Map(),
    };
    plan.factors.set(Array.from(plan.fixedReads, (v) => query.fixed[v]).join(','), built);
    cache.set(key, plan);
    if (cache.size > PLAN_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  if (plan.maxTableEntries > limits.maxTableEntries) {
    throw limitExceeded(
      `exact inference on the relevant part (${part.requisite.length} variables) needs a table of ${plan.maxTableEntries} entries ` +
        `(induced width ${plan.width}), over the limit of ${limits.maxTableEntries}`,
      { relevantVariables: part.requisite.length, tableEntries: plan.maxTableEntries, width: plan.width, limit: limits.maxTableEntries },
    );
  }
  const joint = eliminate(built.factors, plan.order, built.card, keep);
  return { joint, part, order: plan.orderNames, maxTableEntries: plan.maxTableEntries, width: plan.width };
}

function fixedFamilyMembers(model: CompiledModel, part: RelevantPart, fixed: Int32Array): Int32Array {
  const reads = new Set<number>();
  for (const v of part.requisite) {
    if (fixed[v]! >= 0) reads.add(v);
    for (const p of model.parents[v]!) if (fixed[p]! >= 0) reads.add(p);
  }
  return Int32Array.from(reads).sort();
}

function buildFactors(model: CompiledModel, part: RelevantPart, fixed: Int32Array) {
  const localIndex = new Map<number, number>();
  const card: number[] = [];
  const names: string[] = [];
  const factors: Factor[] = [];
  let owner = -1;
  let auxiliaries = 0;
  const sink: FactorSink = {
    local(v) {
      let local = localIndex.get(v);
      if (local === undefined) {
        local = card.length;
        localIndex.set(v, local);
        card.push(model.card[v]!);
        names.push(model.ids[v]!);
      }
      return local;
    },
    auxiliary(cardinality) {
      card.push(cardinality);
      names.push(`${model.ids[owner]}#noisy-or.${auxiliaries++}`);
      return card.length - 1;
    },
    add(factor) {
      factors.push(factor);
    },
  };
  for (const v of part.requisite) {
    owner = v;
    auxiliaries = 0;
    addMechanismFactors(model, v, fixed, sink);
  }
  return {
    factors,
    card,
    localOf: (v: number) => sink.local(v),
    nameOf: (local: number) => names[local]!,
  };
}

export function zeroProbabilityEvidence(message: string, details: Record<string, unknown>): CausewayError {
  return new CausewayError(message, { code: 'ZERO_PROBABILITY_EVIDENCE', details });
}
