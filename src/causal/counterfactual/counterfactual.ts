import { CausewayError, invalidQuery } from '../../errors';
import { compileModel, type CompiledModel } from '../model/compile';
import type { CausalModel } from '../model/types';
import type { CertificateModel, QueryCertificate } from '../query/certificate';
import { assertEvidencePossible, queryDistribution, type Assignment, type QueryOptions } from '../query/query';
import type { LpSolver } from '../lp/linearProgram';
import { oppositeArmBounds, type Interval } from './bounds';
import { responseFunctionBounds, type ResponseLpCertificate } from './responseLp';
import { twinNetwork } from './twinNetwork';

export interface CounterfactualQuery {
  target: string;
  /** The hypothetical world's interventions. */
  do: Assignment;
  /** What was observed in the actual world (a variable here may also be intervened on). */
  given?: Assignment;
}

export interface CounterfactualCertificate {
  type: 'causeway.causal.counterfactual';
  version: 1;
  model: CertificateModel;
  query: { target: string; do: Record<string, string>; given: Record<string, string> };
  /**
   * twin-network: exact on a noisy-OR SCM; tian-pearl-bounds (closed form) or response-function-lp
   * (Balke–Pearl linear program): a CPT model does not determine the value.
   */
  method: 'twin-network' | 'tian-pearl-bounds' | 'response-function-lp';
  /** twin-network: the variables copied into the hypothetical world, and the inner query on the twin network. */
  twin?: { copied: string[]; query: QueryCertificate };
  /** tian-pearl-bounds: the identified probabilities the bounds are computed from, each with its certificate. */
  inputs?: Record<string, { value: number; certificate: QueryCertificate }>;
  /** response-function-lp: the programs' size, and per target state a primal point and dual solution for each bound. */
  lp?: ResponseLpCertificate;
  assumptions: string[];
  result: { distribution: Record<string, number> } | { bounds: Record<string, Interval> };
}

export type CounterfactualAnswer =
  | { target: string; distribution: Record<string, number>; certificate: CounterfactualCertificate }
  | { target: string; bounds: Record<string, Interval>; certificate: CounterfactualCertificate };

export interface CounterfactualOptions extends QueryOptions {
  /** Solves the response-function LP (CPT models outside the Tian–Pearl closed forms); without one such queries are NOT_IDENTIFIABLE. */
  lpSolver?: LpSolver;
}

/**
 * P(Y_{do(X=x)} = y | evidence observed in the actual world): abduction,
 * action, prediction. Exact by the twin network on noisy-OR SCMs; on CPT
 * models, which do not determine counterfactuals, sharp bounds: Tian & Pearl
 * (2000) in closed form for one binary treatment with evidence on the
 * treatment and the target, else the Balke–Pearl linear program over
 * response functions when the ancestral part is small enough
 * (LIMIT_EXCEEDED above it) — never a guessed number.
 */
export function counterfactualQuery(model: CausalModel, query: CounterfactualQuery, options: CounterfactualOptions = {}): CounterfactualAnswer {
  checkNames(model, query);
  const given = { ...query.given };
  if (Object.keys(query.do).length === 0) throw invalidQuery('a counterfactual needs at least one --do', 'do');
  if (isNoisyOr(model)) return twinAnswer(model, query, given, options);
  return boundsAnswer(model, query, given, options);
}

const noisyOrModels = new WeakMap<CausalModel, boolean>();

/** Whether every mechanism is noisy-OR (an SCM with known switches), cached per model. */
export function isNoisyOr(model: CausalModel): boolean {
  let known = noisyOrModels.get(model);
  if (known === undefined) noisyOrModels.set(model, (known = model.variables.every((v) => v.mechanism.type === 'noisy-or')));
  return known;
}

function checkNames(model: CausalModel, query: CounterfactualQuery): void {
  const compiled = compileModel(model);
  checkName(compiled, query.target, undefined, 'target');
  for (const name in query.do) checkName(compiled, name, query.do[name], 'do');
  for (const name in query.given) checkName(compiled, name, query.given[name], 'given');
}

function checkName(compiled: CompiledModel, name: string, state: string | undefined, field: string): void {
  const v = compiled.indexOf.get(name);
  if (v === undefined) throw invalidQuery(`unknown variable "${name}"`, field, { variable: name });
  if (state !== undefined && !compiled.states[v]!.includes(state)) {
    throw invalidQuery(`"${state}" is not a state of "${name}" (states: ${compiled.states[v]!.join(', ')})`, field, { variable: name, state });
  }
}

function certificateModel(model: CausalModel, options: QueryOptions): CertificateModel {
  const compiled = compileModel(model);
  return { hash: compiled.hash, format: model.format, ...(options.source ? { source: options.source } : {}) };
}

function twinAnswer(model: CausalModel, query: CounterfactualQuery, given: Record<string, string>, options: CounterfactualOptions): CounterfactualAnswer {
  const twin = twinNetwork(model, Object.keys(query.do), [query.target, ...Object.keys(given)]);
  const doHypothetical: Record<string, string> = {};
  for (const v in query.do) doHypothetical[twin.hypothetical(v)] = query.do[v]!;
  // The actual world of the twin network is the model itself: P(evidence) > 0 is checked there, where
  // the mechanisms are noisy-OR, rather than on the twin's deterministic AND nodes.
  const evidenceKnownPossible = Object.keys(given).length === 0 || evidenceIsPossible(model, given, options);
  const inner = queryDistribution(
    twin.model,
    { target: twin.hypothetical(query.target), do: doHypothetical, given },
    { limits: options.limits, evidenceKnownPossible },
  );
  // The twin is derived, not read from a source: its certificate names it by hash and format only.
  const innerModel = { hash: inner.certificate.model.hash, format: inner.certificate.model.format };
  return {
    target: query.target,
    distribution: inner.distribution,
    certificate: {
      type: 'causeway.causal.counterfactual',
      version: 1,
      model: certificateModel(model, options),
      query: { target: query.target, do: { ...query.do }, given },
      method: 'twin-network',
      twin: { copied: [...twin.copied], query: { ...inner.certificate, model: innerModel } },
      assumptions: [...model.assumptions],
      result: { distribution: inner.distribution },
    },
  };
}

/** P(given) > 0 in the actual world, checked on the model itself (ZERO_PROBABILITY_EVIDENCE otherwise). */
function evidenceIsPossible(model: CausalModel, given: Record<string, string>, options: QueryOptions): boolean {
  assertEvidencePossible(model, given, {}, options.limits);
  return true;
}

function notIdentifiable(message: string): CausewayError {
  return new CausewayError(message, { code: 'NOT_IDENTIFIABLE' });
}

/** Evidence that cannot happen makes the counterfactual undefined. */
function zeroEvidence(what: string): CausewayError {
  return new CausewayError(`the evidence ${what} has probability zero`, { code: 'ZERO_PROBABILITY_EVIDENCE' });
}

/**
 * Bounds by the response-function LP: any interventions and evidence, any
 * number of states, as long as the program fits LP_LIMITS.
 */
export function lpAnswer(model: CausalModel, query: CounterfactualQuery, given: Record<string, string>, options: CounterfactualOptions, why: string): CounterfactualAnswer {
  if (!options.lpSolver) {
    throw notIdentifiable(`a CPT model does not determine counterfactuals; ${why}, which needs the response-function linear program, and no LP solver was supplied`);
  }
  const compiled = compileModel(model);
  const indexed = (assignment: Record<string, string>) =>
    new Map(Object.entries(assignment).map(([v, s]) => [compiled.indexOf.get(v)!, compiled.states[compiled.indexOf.get(v)!]!.indexOf(s)]));
  const target = compiled.indexOf.get(query.target)!;
  const { bounds, certificate } = responseFunctionBounds(compiled, { target, doing: indexed(query.do), given: indexed(given) }, options.lpSolver);
  const byState = Object.fromEntries(compiled.states[target]!.map((s, i) => [s, bounds[i]!]));
  return {
    target: query.target,
    bounds: byState,
    certificate: {
      type: 'causeway.causal.counterfactual',
      version: 1,
      model: certificateModel(model, options),
      query: { target: query.target, do: { ...query.do }, given },
      method: 'response-function-lp',
      lp: certificate,
      assumptions: [
        ...model.assumptions,
        'CPT model: counterfactuals are bounded, not determined; bounds over all response-function distributions that reproduce ' +
          "the model's observational and interventional distributions (Balke & Pearl 1994); independence of the exogenous terms is not imposed",
      ],
      result: { bounds: byState },
    },
  };
}

function boundsAnswer(model: CausalModel, query: CounterfactualQuery, given: Record<string, string>, options: CounterfactualOptions): CounterfactualAnswer {
  const doVars = Object.keys(query.do);
  if (doVars.length !== 1) return lpAnswer(model, query, given, options, `the query intervenes on ${doVars.length} variables (the closed forms take one)`);
  const X = doVars[0]!;
  const x = query.do[X]!;
  const Y = query.target;
  const extra = Object.keys(given).filter((v) => v !== X && v !== Y);
  if (extra.length > 0) {
    return lpAnswer(model, query, given, options, `the query has evidence on ${extra.join(', ')} (the closed forms take evidence on the treatment and the target only)`);
  }
  const compiled = compileModel(model);
  const xStates = compiled.states[compiled.indexOf.get(X)!]!;
  const yStates = compiled.states[compiled.indexOf.get(Y)!]!;
  const inputs: NonNullable<CounterfactualCertificate['inputs']> = {};
  const probability = (label: string, q: { target: string; do?: Assignment; given?: Assignment }, state: string) => {
    const answer = queryDistribution(model, q, options);
    const value = answer.distribution[state]!;
    inputs[label] = { value, certificate: answer.certificate };
    return value;
  };
  const finish = (bounds: Record<string, Interval>): CounterfactualAnswer => ({
    target: Y,
    bounds,
    certificate: {
      type: 'causeway.causal.counterfactual',
      version: 1,
      model: certificateModel(model, options),
      query: { target: Y, do: { ...query.do }, given },
      method: 'tian-pearl-bounds',
      inputs,
      assumptions: [...model.assumptions, 'CPT model: counterfactuals are bounded, not determined (Tian & Pearl 2000)'],
      result: { bounds },
    },
  });
  const point = (p: (y: string) => number) => finish(Object.fromEntries(yStates.map((y) => [y, [p(y), p(y)] as Interval])));

  if (Y === X) return point((y) => (y === x ? 1 : 0));
  const x0 = given[X];
  const y0 = given[Y];
  if (x0 === x) {
    // Consistency: where X = x was observed, Y_x = Y.
    if (y0 !== undefined) return point((y) => (y === y0 ? 1 : 0));
    return point((y) => probability(`P(${Y}=${y} | ${X}=${x})`, { target: Y, given: { [X]: x } }, y));
  }
  if (x0 === undefined && y0 === undefined) {
    return point((y) => probability(`P(${Y}=${y} | do(${X}=${x}))`, { target: Y, do: { [X]: x } }, y));
  }
  if (xStates.length !== 2) return lpAnswer(model, query, given, options, `the treatment "${X}" has ${xStates.length} states (the closed forms need a binary one)`);
  const other = xStates.find((s) => s !== x)!;
  const pOther = probability(`P(${X}=${other})`, { target: X }, other);
  const pX = 1 - pOther;
  const pYgivenX = (y: string) => (pX > 0 ? probability(`P(${Y}=${y} | ${X}=${x})`, { target: Y, given: { [X]: x } }, y) : 0);
  const pYgivenOther = (y: string) => (pOther > 0 ? probability(`P(${Y}=${y} | ${X}=${other})`, { target: Y, given: { [X]: other } }, y) : 0);
  // a(y) = P(Y_x = y, X = x') = P(y_x) − P(y, x), identified by consistency.
  const a = (y: string) => probability(`P(${Y}=${y} | do(${X}=${x}))`, { target: Y, do: { [X]: x } }, y) - pYgivenX(y) * pX;
  if (x0 !== undefined) {
    if (pOther === 0) throw zeroEvidence(`${X}=${x0}`);
    if (y0 === undefined) return point((y) => a(y) / pOther); // effect of treatment on the treated: exact for binary X
    const b = pYgivenOther(y0) * pOther;
    if (b === 0) throw zeroEvidence(`${X}=${x0}, ${Y}=${y0}`);
    return finish(Object.fromEntries(yStates.map((y) => [y, oppositeArmBounds(a(y), b, pOther)])));
  }
  // Only Y = y0 observed: the X = x part is fixed by consistency, the X = x' part is bounded.
  const pXY0 = pYgivenX(y0!) * pX;
  const b = pYgivenOther(y0!) * pOther;
  const pY0 = pXY0 + b;
  if (pY0 === 0) throw zeroEvidence(`${Y}=${y0}`);
  return finish(
    Object.fromEntries(
      yStates.map((y) => {
        const fixed = y === y0 ? pXY0 : 0;
        const ay = a(y);
        const low = b > 0 ? Math.max(0, ay + b - pOther) : 0;
        const high = b > 0 ? Math.min(ay, b) : 0;
        return [y, [(fixed + low) / pY0, (fixed + high) / pY0] as Interval];
      }),
    ),
  );
}
