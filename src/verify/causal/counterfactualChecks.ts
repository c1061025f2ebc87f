import { ancestralClosure, ENUMERATION_LIMIT, enumerateJoint } from './enumerate';
import type { CheckModel } from './modelReader';
import { checkResponseLp, LpCheckFailure } from './responseLpCheck';

/**
 * The verifier's own counterfactual arithmetic (no engine code): worlds
 * replayed over enumerated exogenous switches for noisy-OR models, and the
 * Tian–Pearl (2000) bound formulas, written again here on purpose.
 */
export type Assignment = Map<string, number>;

/** Most switches enumerated (2^20 configurations). */
const SWITCH_LIMIT = 20;

/**
 * Calls `visit(weight, worlds)` for every configuration of the switches of
 * the ancestors of `seeds`, where worlds[i] is the world under interventions[i]
 * (interventions[0] = {} is the actual world). Returns false when the model
 * is not noisy-OR or there are too many switches.
 */
export function forEachSwitchSetting(
  model: CheckModel,
  seeds: Iterable<string>,
  interventions: Assignment[],
  visit: (weight: number, worlds: Assignment[]) => void,
): boolean {
  const scope = topological(model, ancestralClosure(model, seeds, new Map()));
  const switches: { node: string; edge: number; p: number }[] = [];
  for (const v of scope) {
    const noisy = model.get(v)!.noisyOr;
    if (!noisy) return false;
    switches.push({ node: v, edge: -1, p: noisy.leak });
    noisy.edges.forEach((e, i) => switches.push({ node: v, edge: i, p: e.strength }));
  }
  if (switches.length > SWITCH_LIMIT) return false;
  const index = new Map<string, number>();
  switches.forEach((s, i) => index.set(`${s.node}#${s.edge}`, i));
  for (let mask = 0; mask < 1 << switches.length; mask++) {
    let weight = 1;
    switches.forEach((s, i) => (weight *= (mask >> i) & 1 ? s.p : 1 - s.p));
    if (weight === 0) continue;
    const fired = (node: string, edge: number) => ((mask >> index.get(`${node}#${edge}`)!) & 1) === 1;
    const worlds = interventions.map((doing) => {
      const value: Assignment = new Map();
      for (const v of scope) {
        if (doing.has(v)) {
          value.set(v, doing.get(v)!);
          continue;
        }
        const noisy = model.get(v)!.noisyOr!;
        let on = fired(v, -1);
        let blocked = false;
        noisy.edges.forEach((e, i) => {
          if (value.get(e.from) !== 1 || !fired(v, i)) return;
          if (e.prevents) blocked = true;
          else on = true;
        });
        value.set(v, on && !blocked ? 1 : 0);
      }
      return value;
    });
    visit(weight, worlds);
  }
  return true;
}

function topological(model: CheckModel, scope: Set<string>): string[] {
  const order: string[] = [];
  const done = new Set<string>();
  const visit = (v: string) => {
    if (done.has(v)) return;
    done.add(v);
    for (const p of model.get(v)!.parents) if (scope.has(p)) visit(p);
    order.push(v);
  };
  for (const v of scope) visit(v);
  return order;
}

/** P(target = state | do, given) by plain enumeration over the ancestral part; null when too large, NaN when the evidence is impossible. */
export function probability(model: CheckModel, target: string, state: number, doing: Assignment, given: Assignment): number | null {
  const scope = ancestralClosure(model, [target, ...given.keys()], doing);
  for (const v of doing.keys()) scope.add(v);
  const withFactor = new Set([...scope].filter((v) => !doing.has(v)));
  let size = 1;
  for (const v of scope) if (!doing.has(v) && !given.has(v)) size *= model.get(v)!.states.length;
  if (size > ENUMERATION_LIMIT) return null;
  const joint = enumerateJoint(model, scope, withFactor, target, doing, given);
  if (!joint) return null;
  const total = joint.reduce((a, b) => a + b, 0);
  return total > 0 ? joint[state]! / total : NaN;
}

export interface CausationInputs {
  pyDoX: number;
  pyDoNotX: number;
  pXY: number;
  pXNotY: number;
  pNotXY: number;
  pNotXNotY: number;
}

const clamp = (x: number) => Math.min(1, Math.max(0, x));

/** Tian & Pearl (2000), Theorems 1–3. */
export function tianPearl(p: CausationInputs): { pn: [number, number] | null; ps: [number, number] | null; pns: [number, number] } {
  const pY = p.pXY + p.pNotXY;
  return {
    pn: p.pXY > 0 ? [clamp((pY - p.pyDoNotX) / p.pXY), clamp((1 - p.pyDoNotX - p.pNotXNotY) / p.pXY)] : null,
    ps: p.pNotXNotY > 0 ? [clamp((p.pyDoX - pY) / p.pNotXNotY), clamp((p.pyDoX - p.pXY) / p.pNotXNotY)] : null,
    pns: [
      clamp(Math.max(0, p.pyDoX - p.pyDoNotX, pY - p.pyDoNotX, p.pyDoX - pY)),
      clamp(Math.min(p.pyDoX, 1 - p.pyDoNotX, p.pXY + p.pNotXNotY, p.pyDoX - p.pyDoNotX + p.pXNotY + p.pNotXY)),
    ],
  };
}

type Json = Record<string, unknown>;

export class CounterfactualCheckFailure extends Error {
  constructor(
    readonly step: string,
    message: string,
  ) {
    super(message);
  }
}

const TOLERANCE = 1e-9;

function fail(step: string, reason: string): never {
  throw new CounterfactualCheckFailure(step, reason);
}

function stateOf(model: CheckModel, variable: unknown, state: unknown): number {
  const node = model.get(String(variable));
  if (!node) fail('query', `unknown variable "${String(variable)}"`);
  const s = node.states.indexOf(String(state));
  if (s < 0) fail('query', `"${String(state)}" is not a state of "${String(variable)}"`);
  return s;
}

function assignment(model: CheckModel, value: unknown): Assignment {
  const result: Assignment = new Map();
  for (const [v, s] of Object.entries((value ?? {}) as Json)) result.set(v, stateOf(model, v, s));
  return result;
}

function close(a: unknown, b: number, what: string): void {
  if (typeof a !== 'number' || !(Math.abs(a - b) <= TOLERANCE)) fail('result', `${what} is ${String(a)}, the check gives ${b}`);
}

function closeInterval(a: unknown, b: [number, number], what: string): void {
  if (!Array.isArray(a) || a.length !== 2) fail('result', `${what} should be an interval`);
  close(a[0], b[0], `${what} lower bound`);
  close(a[1], b[1], `${what} upper bound`);
}

/** Returns how the result was checked. */
export function checkCounterfactual(output: Json, certificate: Json, model: CheckModel): string {
  const query = (certificate.query ?? {}) as Json;
  const target = String(query.target);
  const targetNode = model.get(target);
  if (!targetNode) fail('query', `unknown target "${target}"`);
  const doing = assignment(model, query.do);
  const given = assignment(model, query.given);
  if (output.target !== target) fail('result', "the answer's target differs from the certificate's");
  const result = (certificate.result ?? {}) as Json;
  if (certificate.method === 'twin-network') {
    if (JSON.stringify(output.distribution) !== JSON.stringify(result.distribution)) fail('result', "the answer's distribution differs from the certificate's");
    const distribution = (result.distribution ?? {}) as Json;
    const joint = new Array<number>(targetNode.states.length).fill(0);
    const enumerated = forEachSwitchSetting(model, [target, ...doing.keys(), ...given.keys()], [new Map(), doing], (w, [actual, hypothetical]) => {
      for (const [v, s] of given) if (actual!.get(v) !== s) return;
      joint[hypothetical!.get(target)!]! += w;
    });
    if (!enumerated) {
      const values = targetNode.states.map((s) => distribution[s]);
      if (values.some((p) => typeof p !== 'number' || p < 0 || p > 1) || Math.abs((values as number[]).reduce((a, b) => a + b, 0) - 1) > TOLERANCE) {
        fail('distribution', 'the distribution must list every state, in [0, 1], summing to 1');
      }
      return 'structure checked; too many exogenous switches to enumerate, so the numbers were not recomputed';
    }
    const total = joint.reduce((a, b) => a + b, 0);
    if (!(total > 0)) fail('result', 'the actual-world evidence has probability zero, yet a distribution was reported');
    targetNode.states.forEach((s, i) => close(distribution[s], joint[i]! / total, `P(${target}=${s})`));
    return 'recomputed by abduction–action–prediction over the enumerated exogenous switches';
  }
  if (certificate.method === 'response-function-lp') {
    if (JSON.stringify(output.bounds) !== JSON.stringify(result.bounds)) fail('result', "the answer's bounds differ from the certificate's");
    try {
      return checkResponseLp(model, certificate, target, doing, given);
    } catch (error) {
      if (error instanceof LpCheckFailure) fail(error.step, error.message);
      throw error;
    }
  }
  if (certificate.method !== 'tian-pearl-bounds') fail('shape', `unknown counterfactual method ${JSON.stringify(certificate.method)}`);
  if (JSON.stringify(output.bounds) !== JSON.stringify(result.bounds)) fail('result', "the answer's bounds differ from the certificate's");
  const expected = counterfactualBounds(model, target, doing, given);
  if (!expected) return 'structure checked; the model is too large to enumerate, so the bounds were not recomputed';
  const bounds = (result.bounds ?? {}) as Json;
  targetNode.states.forEach((s, i) => closeInterval(bounds[s], expected[i]!, `bounds of ${target}=${s}`));
  return 'bounds recomputed from enumerated probabilities (Tian & Pearl 2000)';
}

/** The same case analysis as the engine, from probabilities this checker enumerates itself. Null when too large. */
function counterfactualBounds(model: CheckModel, Y: string, doing: Assignment, given: Assignment): [number, number][] | null {
  if (doing.size !== 1) fail('query', 'bounds are defined for one intervened variable');
  const [X, x] = [...doing][0]!;
  const yStates = model.get(Y)!.states.map((_, i) => i);
  const point = (f: (y: number) => number | null) => {
    const values = yStates.map(f);
    return values.some((v) => v === null) ? null : values.map((v) => [v!, v!] as [number, number]);
  };
  if (Y === X) return point((y) => (y === x ? 1 : 0));
  const x0 = given.get(X);
  const y0 = given.get(Y);
  const P = (target: string, state: number, d: Assignment, g: Assignment) => probability(model, target, state, d, g);
  if (x0 === x) {
    if (y0 !== undefined) return point((y) => (y === y0 ? 1 : 0));
    return point((y) => P(Y, y, new Map(), new Map([[X, x]])));
  }
  if (x0 === undefined && y0 === undefined) return point((y) => P(Y, y, doing, new Map()));
  const other = 1 - x;
  const pOther = P(X, other, new Map(), new Map());
  if (pOther === null) return null;
  const pX = 1 - pOther;
  const cond = (y: number, xs: number, px: number) => (px > 0 ? P(Y, y, new Map(), new Map([[X, xs]])) : 0);
  const a = (y: number) => {
    const pyx = P(Y, y, doing, new Map());
    const pyGivenX = cond(y, x, pX);
    return pyx === null || pyGivenX === null ? null : pyx - pyGivenX * pX;
  };
  if (x0 !== undefined) {
    if (y0 === undefined) return point((y) => {
      const ay = a(y);
      return ay === null ? null : ay / pOther;
    });
    const pY0GivenOther = cond(y0, other, pOther);
    if (pY0GivenOther === null) return null;
    const b = pY0GivenOther * pOther;
    const result = yStates.map((y) => {
      const ay = a(y);
      return ay === null ? null : ([clamp(Math.max(0, ay + b - pOther) / b), clamp(Math.min(ay, b) / b)] as [number, number]);
    });
    return result.some((r) => r === null) ? null : (result as [number, number][]);
  }
  const pY0GivenX = cond(y0!, x, pX);
  const pY0GivenOther = cond(y0!, other, pOther);
  if (pY0GivenX === null || pY0GivenOther === null) return null;
  const fixed = pY0GivenX * pX;
  const b = pY0GivenOther * pOther;
  const total = fixed + b;
  const result = yStates.map((y) => {
    const ay = a(y);
    if (ay === null) return null;
    const own = y === y0 ? fixed : 0;
    const low = b > 0 ? Math.max(0, ay + b - pOther) : 0;
    const high = b > 0 ? Math.min(ay, b) : 0;
    return [(own + low) / total, (own + high) / total] as [number, number];
  });
  return result.some((r) => r === null) ? null : (result as [number, number][]);
}

/** Returns how the result was checked. */
export function checkNecessity(output: Json, certificate: Json, model: CheckModel): string {
  const result = (certificate.result ?? {}) as Json;
  for (const key of ['pn', 'ps', 'pns']) {
    if (JSON.stringify(output[key]) !== JSON.stringify(result[key])) fail('result', `the answer's ${key} differs from the certificate's`);
  }
  const treatment = (certificate.treatment ?? {}) as Json;
  const outcome = (certificate.outcome ?? {}) as Json;
  const X = String(treatment.variable);
  const Y = String(outcome.variable);
  const x = stateOf(model, X, treatment.state);
  const y = stateOf(model, Y, outcome.state);
  if (model.get(X)!.states.length !== 2 || model.get(Y)!.states.length !== 2) fail('query', 'PN, PS and PNS need a binary treatment and outcome');
  const [xo, yo] = [1 - x, 1 - y];
  if (certificate.method === 'twin-network') {
    const sums = { xy: 0, xoyo: 0, pn: 0, ps: 0, pns: 0 };
    const enumerated = forEachSwitchSetting(model, [X, Y], [new Map(), new Map([[X, x]]), new Map([[X, xo]])], (w, [actual, treated, untreated]) => {
      const ax = actual!.get(X);
      const ay = actual!.get(Y);
      const yx = treated!.get(Y);
      const yxo = untreated!.get(Y);
      if (yx === y && yxo === yo) sums.pns += w;
      if (ax === x && ay === y) {
        sums.xy += w;
        if (yxo === yo) sums.pn += w;
      }
      if (ax === xo && ay === yo) {
        sums.xoyo += w;
        if (yx === y) sums.ps += w;
      }
    });
    if (!enumerated) return 'structure checked; too many exogenous switches to enumerate, so the numbers were not recomputed';
    const expectNumber = (value: unknown, want: number | null, what: string) => {
      if (want === null) {
        if (value !== null) fail('result', `${what} is undefined (its condition has probability zero) but ${String(value)} was reported`);
      } else close(value, want, what);
    };
    expectNumber(result.pn, sums.xy > 0 ? sums.pn / sums.xy : null, 'PN');
    expectNumber(result.ps, sums.xoyo > 0 ? sums.ps / sums.xoyo : null, 'PS');
    expectNumber(result.pns, sums.pns, 'PNS');
    return 'PN, PS, PNS recomputed over the enumerated exogenous switches';
  }
  if (certificate.method !== 'tian-pearl-bounds') fail('shape', `unknown method ${JSON.stringify(certificate.method)}`);
  const none = new Map<string, number>();
  const pyDoX = probability(model, Y, y, new Map([[X, x]]), none);
  const pyDoNotX = probability(model, Y, y, new Map([[X, xo]]), none);
  const pX = probability(model, X, x, none, none);
  if (pyDoX === null || pyDoNotX === null || pX === null) return 'structure checked; the model is too large to enumerate, so the bounds were not recomputed';
  const pYgivenX = pX > 0 ? probability(model, Y, y, none, new Map([[X, x]])) : 0;
  const pYgivenNotX = pX < 1 ? probability(model, Y, y, none, new Map([[X, xo]])) : 0;
  if (pYgivenX === null || pYgivenNotX === null) return 'structure checked; the model is too large to enumerate, so the bounds were not recomputed';
  const bounds = tianPearl({
    pyDoX,
    pyDoNotX,
    pXY: pYgivenX * pX,
    pXNotY: (1 - pYgivenX) * pX,
    pNotXY: pYgivenNotX * (1 - pX),
    pNotXNotY: (1 - pYgivenNotX) * (1 - pX),
  });
  for (const key of ['pn', 'ps', 'pns'] as const) {
    const want = bounds[key];
    if (want === null) {
      if (result[key] !== null) fail('result', `${key} is undefined (its condition has probability zero)`);
    } else closeInterval(result[key], want, key.toUpperCase());
  }
  return 'Tian–Pearl bounds recomputed from enumerated probabilities';
}
