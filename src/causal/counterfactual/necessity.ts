import { CausewayError, invalidQuery } from '../../errors';
import { compileModel } from '../model/compile';
import type { CausalModel } from '../model/types';
import type { CertificateModel, QueryCertificate } from '../query/certificate';
import type { StateOf } from '../query/effect';
import { queryDistribution, type Assignment, type QueryOptions } from '../query/query';
import { pnBounds, pnsBounds, psBounds, type Interval, type NecessityInputs } from './bounds';
import { isNoisyOr } from './counterfactual';
import { twinNetwork } from './twinNetwork';

/** A probability of causation: exact (noisy-OR), bounded (CPT), or null where it is undefined (its condition has probability 0). */
export type Causation = number | Interval | null;

export interface NecessityCertificate {
  type: 'causeway.causal.necessity';
  version: 1;
  model: CertificateModel;
  treatment: StateOf;
  outcome: StateOf;
  method: 'twin-network' | 'tian-pearl-bounds';
  /** Every probability the answer is computed from, with its certificate (twin-network queries run on the twin model). */
  inputs: Record<string, { value: number | null; certificate?: QueryCertificate; reason?: string }>;
  assumptions: string[];
  result: { pn: Causation; ps: Causation; pns: Causation };
}

export interface NecessityAnswer {
  pn: Causation;
  ps: Causation;
  pns: Causation;
  certificate: NecessityCertificate;
}

/**
 * Probabilities of causation (Pearl 1999; Tian & Pearl 2000), with x' and y'
 * the other states of a binary treatment and outcome:
 *   PN  = P(Y_{x'} = y' | X = x, Y = y)   necessity
 *   PS  = P(Y_x = y | X = x', Y = y')     sufficiency
 *   PNS = P(Y_x = y, Y_{x'} = y')          both
 * Exact on noisy-OR SCMs through the twin network (PNS as
 * P(Y_x = y) · P(Y_{x'} = y' | Y_x = y) with both worlds intervened);
 * Tian–Pearl bounds on CPT models.
 */
export function probabilitiesOfCausation(model: CausalModel, treatment: StateOf, outcome: StateOf, options: QueryOptions = {}): NecessityAnswer {
  const compiled = compileModel(model);
  const otherState = (of: StateOf, field: string) => {
    const v = compiled.indexOf.get(of.variable);
    if (v === undefined) throw invalidQuery(`unknown variable "${of.variable}"`, field);
    const states = compiled.states[v]!;
    if (!states.includes(of.state)) throw invalidQuery(`"${of.state}" is not a state of "${of.variable}" (states: ${states.join(', ')})`, field);
    if (states.length !== 2) throw invalidQuery(`PN, PS and PNS need a binary ${field}; "${of.variable}" has ${states.length} states`, field);
    return states.find((s) => s !== of.state)!;
  };
  const xOther = otherState(treatment, 'treatment');
  const yOther = otherState(outcome, 'outcome');
  if (treatment.variable === outcome.variable) throw invalidQuery('treatment and outcome must be different variables', 'outcome');
  const certificateModel: CertificateModel = { hash: compiled.hash, format: model.format, ...(options.source ? { source: options.source } : {}) };
  const inputs: NecessityCertificate['inputs'] = {};
  const measure = (label: string, target: StateOf, query: { do?: Assignment; given?: Assignment }, on: CausalModel): number | null => {
    try {
      const answer = queryDistribution(on, { target: target.variable, ...query }, on === model ? options : { limits: options.limits });
      const { source: _source, ...innerModel } = answer.certificate.model;
      void _source;
      const value = answer.distribution[target.state]!;
      inputs[label] = { value, certificate: on === model ? answer.certificate : { ...answer.certificate, model: innerModel } };
      return value;
    } catch (error) {
      if (error instanceof CausewayError && error.code === 'ZERO_PROBABILITY_EVIDENCE') {
        inputs[label] = { value: null, reason: error.message };
        return null;
      }
      throw error;
    }
  };
  const X = treatment.variable;
  const Y = outcome.variable;
  const x = treatment.state;
  const y = outcome.state;
  const exactModel = isNoisyOr(model);
  const result = exactModel ? exact() : bounded();
  return {
    ...result,
    certificate: {
      type: 'causeway.causal.necessity',
      version: 1,
      model: certificateModel,
      treatment,
      outcome,
      method: exactModel ? 'twin-network' : 'tian-pearl-bounds',
      inputs,
      assumptions: [...model.assumptions],
      result,
    },
  };

  function exact() {
    const twin = twinNetwork(model, [X], [X, Y]);
    const Ycf = { variable: twin.hypothetical(Y), state: yOther };
    const Xcf = twin.hypothetical(X);
    const pn = measure(`P(${Y}_{${X}=${xOther}}=${yOther} | ${X}=${x}, ${Y}=${y})`, Ycf, { do: { [Xcf]: xOther }, given: { [X]: x, [Y]: y } }, twin.model);
    const ps = measure(`P(${Y}_{${X}=${x}}=${y} | ${X}=${xOther}, ${Y}=${yOther})`, { variable: twin.hypothetical(Y), state: y }, { do: { [Xcf]: x }, given: { [X]: xOther, [Y]: yOther } }, twin.model);
    const pyx = measure(`P(${Y}=${y} | do(${X}=${x}))`, outcome, { do: { [X]: x } }, model)!;
    let pns: number | null = 0;
    if (pyx > 0) {
      const conditional = measure(
        `P(${Y}_{${X}=${xOther}}=${yOther} | ${Y}_{${X}=${x}}=${y})`,
        Ycf,
        { do: { [X]: x, [Xcf]: xOther }, given: { [Y]: y } },
        twin.model,
      );
      pns = conditional === null ? null : pyx * conditional;
    }
    return { pn, ps, pns };
  }

  function bounded() {
    const pyDoX = measure(`P(${Y}=${y} | do(${X}=${x}))`, outcome, { do: { [X]: x } }, model)!;
    const pyDoNotX = measure(`P(${Y}=${y} | do(${X}=${xOther}))`, outcome, { do: { [X]: xOther } }, model)!;
    const pX = measure(`P(${X}=${x})`, treatment, {}, model)!;
    const pYgivenX = pX > 0 ? measure(`P(${Y}=${y} | ${X}=${x})`, outcome, { given: { [X]: x } }, model)! : 0;
    const pYgivenNotX = pX < 1 ? measure(`P(${Y}=${y} | ${X}=${xOther})`, outcome, { given: { [X]: xOther } }, model)! : 0;
    const p: NecessityInputs = {
      pyDoX,
      pyDoNotX,
      pXY: pYgivenX * pX,
      pXNotY: (1 - pYgivenX) * pX,
      pNotXY: pYgivenNotX * (1 - pX),
      pNotXNotY: (1 - pYgivenNotX) * (1 - pX),
    };
    return {
      pn: p.pXY > 0 ? pnBounds(p) : null,
      ps: p.pNotXNotY > 0 ? psBounds(p) : null,
      pns: pnsBounds(p),
    };
  }
}
