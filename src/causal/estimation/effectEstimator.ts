import { CausewayError, invalidQuery } from '../../errors';
import type { NamedExpr } from '../identification';
import { codeCells, countCells, type CellCoding } from './contingency';
import { compileEstimand, type CompiledEstimand } from './evaluator';
import type { Observations } from './observations';

export interface StateOf {
  variable: string;
  state: string;
}

export interface EffectQuery {
  treatment: StateOf;
  /** The comparison do(X = x′) for the average treatment effect. */
  control?: StateOf;
  outcome: StateOf;
}

/** The probabilities an effect is made of, from one count table. */
export interface EffectParts {
  pDo: number;
  pControl?: number;
  pBaseline: number;
  /** C(X,Y) = P(y | do(x)) − P(y) (design.md). */
  effect: number;
  /** P(y | do(x)) − P(y | do(x′)), with a control. */
  ate?: number;
}

/**
 * An identified estimand bound to data: the rows coded into joint cells over
 * the variables the estimand reads, and the estimand compiled over that
 * table. `parts(counts)` evaluates the effect on any count table over the
 * same cells — the data, a bootstrap resample, a subset, a placebo.
 */
export interface EffectEstimator {
  readonly coding: CellCoding;
  readonly variables: readonly string[];
  readonly counts: Float64Array;
  parts(counts: Float64Array): EffectParts;
  /** The reported effect: the ATE with a control, C(X,Y) without. */
  headline(counts: Float64Array): number;
  /** After an undefined result: the conditioning stratum that had no data. */
  emptyStratum(): Record<string, string> | undefined;
}

export function buildEffectEstimator(expression: NamedExpr, observations: Observations, query: EffectQuery, alpha: number): EffectEstimator {
  const x = query.treatment.variable;
  const y = query.outcome.variable;
  const columnOf = new Map(observations.names.map((name, i) => [name, i]));
  const inTable = new Set([x, y, ...variablesOf(expression)]);
  const columns = [...inTable].map((name) => {
    const column = columnOf.get(name);
    if (column === undefined) throw invalidQuery(`variable "${name}" has no column in the data`, 'data', { variable: name });
    return column;
  });
  columns.sort((a, b) => a - b);
  const variables = columns.map((c) => observations.names[c]);
  const coding = codeCells(observations, columns);
  const position = new Map(variables.map((v, i) => [v, i]));
  const stateIndex = (s: StateOf, field: string): number => {
    const states = observations.states[columnOf.get(s.variable)!];
    const index = states.indexOf(s.state);
    if (index < 0) throw invalidQuery(`"${s.state}" is not a state of "${s.variable}" (${states.join(', ')})`, field, { ...s });
    return index;
  };
  if (query.control && query.control.variable !== x) {
    throw invalidQuery(`--control must set the treatment variable "${x}", not "${query.control.variable}"`, 'control');
  }
  const xDo = stateIndex(query.treatment, 'treatment');
  const xControl = query.control ? stateIndex(query.control, 'control') : -1;
  const yState = stateIndex(query.outcome, 'outcome');

  // Free variables besides X and Y (the napkin's w2) take any value of positive
  // probability with the same population value; averaging over P(w) uses them all.
  const free = freeVariablesOf(expression).filter((v) => v !== x && v !== y);
  const target: NamedExpr = free.length === 0 ? expression : { kind: 'sum', over: free, body: { kind: 'product', factors: [{ kind: 'prob', head: free, given: [] }, expression] } };
  const cardinalities = coding.cardinalities;
  const doEstimand = compileEstimand(target, variables, cardinalities, alpha);
  const baseline = compileEstimand({ kind: 'prob', head: [y], given: [] }, variables, cardinalities, alpha);
  const assignment = new Int32Array(variables.length);
  const at = (estimand: CompiledEstimand, xValue: number): number => {
    assignment.fill(0);
    assignment[position.get(x)!] = xValue;
    assignment[position.get(y)!] = yState;
    return estimand.value(assignment);
  };

  const parts = (counts: Float64Array): EffectParts => {
    doEstimand.load(counts);
    baseline.load(counts);
    const pDo = at(doEstimand, xDo);
    const pBaseline = at(baseline, xDo);
    const result: EffectParts = { pDo, pBaseline, effect: pDo - pBaseline };
    if (xControl >= 0) {
      const pControl = at(doEstimand, xControl);
      result.pControl = pControl;
      result.ate = pDo - pControl;
    }
    return result;
  };
  return {
    coding,
    variables,
    counts: countCells(coding.codes, coding.cells),
    parts,
    headline: (counts) => {
      const p = parts(counts);
      return p.ate ?? p.effect;
    },
    emptyStratum: () => {
      const hole = doEstimand.lastUndefined();
      if (!hole) return undefined;
      return Object.fromEntries(hole.map((p) => [variables[p.position], observations.states[columns[p.position]][p.value]]));
    },
  };
}

/** Positivity fails for the estimand on these data: a conditional it needs was never observed. */
export function positivityError(stratum: Record<string, string> | undefined, what: string): CausewayError {
  const shown = stratum ? Object.entries(stratum).map(([k, v]) => `${k}=${v}`).join(', ') : 'a stratum';
  return new CausewayError(
    `${what} is undefined on these data: the estimand conditions on ${shown}, which no row has (positivity fails); ` +
      'collect more data, coarsen the variables, or smooth with --alpha > 0',
    { code: 'ZERO_PROBABILITY_EVIDENCE', details: { stratum } },
  );
}

function variablesOf(expr: NamedExpr): string[] {
  switch (expr.kind) {
    case 'prob':
      return [...expr.head, ...expr.given];
    case 'product':
      return expr.factors.flatMap(variablesOf);
    case 'sum':
      return [...expr.over, ...variablesOf(expr.body)];
    case 'quotient':
      return [...variablesOf(expr.numerator), ...variablesOf(expr.denominator)];
  }
}

function freeVariablesOf(expr: NamedExpr): string[] {
  switch (expr.kind) {
    case 'prob':
      return [...new Set([...expr.head, ...expr.given])];
    case 'product':
      return [...new Set(expr.factors.flatMap(freeVariablesOf))];
    case 'sum':
      return freeVariablesOf(expr.body).filter((v) => !expr.over.includes(v));
    case 'quotient':
      return [...new Set([...freeVariablesOf(expr.numerator), ...freeVariablesOf(expr.denominator)])];
  }
}
