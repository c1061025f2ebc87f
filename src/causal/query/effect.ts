import { invalidQuery, invariant } from '../../errors';
import { compileModel, type CompiledModel } from '../model/compile';
import type { CausalModel } from '../model/types';
import type { EffectCertificate } from './certificate';
import { queryDistribution, type QueryOptions } from './query';

export interface StateOf {
  variable: string;
  state: string;
}

export interface EffectQuery {
  treatment: StateOf;
  outcome: StateOf;
  /** With a control state, the ATE P(Y=y | do(X=x)) − P(Y=y | do(X=x')) is reported too. */
  control?: StateOf;
}

export interface EffectAnswer {
  pDo: number;
  pBaseline: number;
  /** C(X,Y) = P(Y=y | do(X=x)) − P(Y=y). */
  effect: number;
  ate?: number;
  certificate: EffectCertificate;
}

/** The causal effect of design.md: C(X,Y) = P(Y=y | do(X=x)) − P(Y=y), and the ATE when a control is given. */
export function causalEffect(model: CausalModel | CompiledModel, query: EffectQuery, options: QueryOptions = {}): EffectAnswer {
  const compiled = 'hash' in model ? model : compileModel(model);
  const { treatment, outcome, control } = query;
  const outcomeIndex = compiled.indexOf.get(outcome.variable);
  if (outcomeIndex === undefined) throw invalidQuery(`unknown variable "${outcome.variable}"`, 'outcome');
  if (!compiled.states[outcomeIndex]!.includes(outcome.state)) {
    throw invalidQuery(
      `"${outcome.state}" is not a state of "${outcome.variable}" (states: ${compiled.states[outcomeIndex]!.join(', ')})`,
      'outcome',
    );
  }
  const doQuery = queryDistribution(compiled, { target: outcome.variable, do: { [treatment.variable]: treatment.state } }, options);
  const baseline = queryDistribution(compiled, { target: outcome.variable }, options);
  const controlQuery = control
    ? queryDistribution(compiled, { target: outcome.variable, do: { [control.variable]: control.state } }, options)
    : undefined;
  const pDo = probabilityOf(doQuery.distribution, outcome);
  const pBaseline = probabilityOf(baseline.distribution, outcome);
  const effect = pDo - pBaseline;
  const ate = controlQuery ? pDo - probabilityOf(controlQuery.distribution, outcome) : undefined;
  const result = { pDo, pBaseline, effect, ...(ate === undefined ? {} : { ate }) };
  return {
    ...result,
    certificate: {
      type: 'causeway.causal.effect',
      version: 1,
      model: doQuery.certificate.model,
      treatment,
      ...(control ? { control } : {}),
      outcome,
      queries: {
        pDo: doQuery.certificate,
        pBaseline: baseline.certificate,
        ...(controlQuery ? { pControl: controlQuery.certificate } : {}),
      },
      assumptions: doQuery.certificate.assumptions,
      result,
    },
  };
}

function probabilityOf(distribution: Record<string, number>, outcome: StateOf): number {
  const p = distribution[outcome.state];
  invariant(p !== undefined, `outcome state ${outcome.state} was validated`);
  return p;
}
