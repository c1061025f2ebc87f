import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { VerifyOutcome } from '../VerifyOutcome';
import { ancestralClosure, enumerateJoint } from './enumerate';
import { checkCounterfactual, checkNecessity, CounterfactualCheckFailure } from './counterfactualChecks';
import { readModelJson, readModelText, type CheckModel } from './modelReader';

/**
 * Re-checks the JSON printed by `causeway causal query|effect` without the
 * engine's code (no import of src/causal; lint holds it):
 *   shape → model (file re-read, sha256 compared; or the embedded model) →
 *   query (variables, states) → intervened graph → relevance → elimination
 *   order → distribution → result (plain enumeration on the ancestral part of
 *   the mutilated graph when it is small, else on the certified relevant part
 *   when that is small; else the structural checks stand alone and `checked`
 *   says so) → effect arithmetic.
 */
export function verifyCausalOutput(doc: unknown, options: { baseDir: string }): VerifyOutcome {
  try {
    return check(doc, options.baseDir);
  } catch (error) {
    if (error instanceof CheckFailure) return { valid: false, step: error.step, reason: error.message };
    throw error;
  }
}

class CheckFailure extends Error {
  constructor(
    readonly step: string,
    message: string,
  ) {
    super(message);
  }
}

function fail(step: string, reason: string): never {
  throw new CheckFailure(step, reason);
}

/** The engine and the checker sum in different orders; 1e-9 is far above rounding and far below any real error. */
const TOLERANCE = 1e-9;

type Json = Record<string, unknown>;

function check(doc: unknown, baseDir: string): VerifyOutcome {
  const output = asObject(doc, 'shape', 'the document');
  const certificate = asObject(output.certificate, 'shape', '"certificate"');
  const model = loadModel(asObject(certificate.model, 'shape', 'certificate.model'), baseDir);
  if (certificate.type === 'causeway.causal.query') {
    sameResult(output.target, (certificate.query as Json | undefined)?.target, 'target');
    sameDistribution(output.distribution, (certificate.result as Json | undefined)?.distribution);
    const how = checkQuery(certificate, model);
    return { valid: true, checked: `causal query: ${how}` };
  }
  if (certificate.type === 'causeway.causal.effect') return checkEffect(output, certificate, model);
  if (certificate.type === 'causeway.causal.counterfactual' || certificate.type === 'causeway.causal.necessity') {
    try {
      const how =
        certificate.type === 'causeway.causal.counterfactual'
          ? checkCounterfactual(output, certificate, model)
          : checkNecessity(output, certificate, model);
      return { valid: true, checked: `${certificate.type.slice('causeway.causal.'.length)}: ${how}` };
    } catch (error) {
      if (error instanceof CounterfactualCheckFailure) fail(error.step, error.message);
      throw error;
    }
  }
  fail('shape', `unknown certificate type ${JSON.stringify(certificate.type)}`);
}

function asObject(value: unknown, step: string, what: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(step, `${what} is not an object`);
  return value as Json;
}

function loadModel(ref: Json, baseDir: string): CheckModel {
  const source = ref.source as Json | undefined;
  if (source && typeof source.path === 'string') {
    const path = isAbsolute(source.path) ? source.path : resolve(baseDir, source.path);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      fail('model', `cannot read the model file ${path}: ${(error as Error).message}`);
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== source.sha256) fail('model', `sha256 of ${path} is ${sha256}, the certificate says ${String(source.sha256)}`);
    try {
      return readModelText(bytes.toString('utf8'));
    } catch (error) {
      fail('model', `cannot read the model: ${(error as Error).message}`);
    }
  }
  if (source && source.embedded !== undefined) {
    try {
      return readModelJson(source.embedded);
    } catch (error) {
      fail('model', `cannot read the embedded model: ${(error as Error).message}`);
    }
  }
  fail('model', 'the certificate names neither a model file nor an embedded model');
}

function sameResult(a: unknown, b: unknown, what: string): void {
  if (a !== b) fail('result', `the answer's ${what} (${JSON.stringify(a)}) differs from the certificate's (${JSON.stringify(b)})`);
}

function sameDistribution(a: unknown, b: unknown): void {
  if (JSON.stringify(a) !== JSON.stringify(b)) fail('result', "the answer's distribution differs from the certificate's");
}

interface ParsedQuery {
  target: string;
  intervened: Map<string, number>;
  observed: Map<string, number>;
}

function stateIndex(model: CheckModel, variable: string, state: unknown, step: string): number {
  const node = model.get(variable);
  if (!node) fail(step, `unknown variable "${variable}"`);
  const s = node.states.indexOf(String(state));
  if (s < 0) fail(step, `"${String(state)}" is not a state of "${variable}"`);
  return s;
}

function parseQuery(certificate: Json, model: CheckModel): ParsedQuery {
  const query = asObject(certificate.query, 'query', 'certificate.query');
  const target = String(query.target);
  if (!model.has(target)) fail('query', `unknown target "${target}"`);
  const intervened = new Map<string, number>();
  for (const [v, s] of Object.entries(asObject(query.do ?? {}, 'query', 'query.do'))) intervened.set(v, stateIndex(model, v, s, 'query'));
  const observed = new Map<string, number>();
  for (const [v, s] of Object.entries(asObject(query.given ?? {}, 'query', 'query.given'))) {
    const state = stateIndex(model, v, s, 'query');
    if (intervened.has(v)) {
      if (intervened.get(v) !== state) fail('query', `"${v}" is both forced and observed at different states`);
      continue;
    }
    observed.set(v, state);
  }
  return { target, intervened, observed };
}

/** Returns how the numbers were checked. */
function checkQuery(certificate: Json, model: CheckModel): string {
  const query = parseQuery(certificate, model);
  const relevant = stringList(certificate.relevantVariables, 'relevance');
  const interventionsRead = stringList(certificate.interventionsRead ?? [], 'relevance');
  const evidence = asObject(certificate.evidence, 'relevance', 'certificate.evidence');
  const relevantSet = new Set(relevant);
  if (relevantSet.size !== relevant.length) fail('relevance', 'a relevant variable is listed twice');

  // Relevance: inside the ancestral set of target and evidence in the mutilated graph; the fixed values match the query.
  const ancestral = ancestralClosure(model, [query.target, ...query.observed.keys()], query.intervened);
  for (const v of relevant) {
    if (!model.has(v)) fail('relevance', `unknown relevant variable "${v}"`);
    if (query.intervened.has(v)) fail('relevance', `"${v}" is intervened on, so its mechanism cannot be relevant`);
    if (!ancestral.has(v)) fail('relevance', `"${v}" is not an ancestor of the target or the evidence in the intervened graph`);
  }
  if (!query.intervened.has(query.target) && !query.observed.has(query.target) && !relevantSet.has(query.target)) {
    fail('relevance', 'the target\'s own mechanism is missing from the relevant variables');
  }
  for (const v of interventionsRead) if (!query.intervened.has(v)) fail('relevance', `"${v}" is not intervened on in the query`);
  for (const [v, s] of Object.entries(evidence)) {
    if (query.observed.get(v) !== stateIndex(model, v, s, 'relevance')) fail('relevance', `evidence "${v}=${String(s)}" is not in the query`);
  }
  const fixedRead = new Set([...interventionsRead, ...Object.keys(evidence)]);
  for (const v of relevant) {
    for (const p of model.get(v)!.parents) {
      if (!relevantSet.has(p) && !fixedRead.has(p)) fail('relevance', `"${v}" is relevant but its parent "${p}" is neither relevant nor a fixed value read`);
    }
  }

  // Intervened graph: exactly the model's incoming edges of the relevant variables, and the cut edges of the do-variables read.
  const graph = asObject(certificate.intervenedGraph, 'intervened-graph', 'certificate.intervenedGraph');
  const expectedEdges = relevant.flatMap((v) => model.get(v)?.parents.map((p) => `${p}->${v}`) ?? []);
  const expectedCut = interventionsRead.flatMap((v) => model.get(v)?.parents.map((p) => `${p}->${v}`) ?? []);
  sameEdgeSet(graph.edges, expectedEdges, 'edges');
  sameEdgeSet(graph.cutEdges, expectedCut, 'cutEdges');

  // Elimination order: each free relevant variable but the target once, plus noisy-OR auxiliaries of relevant variables.
  const order = stringList(certificate.eliminationOrder, 'elimination-order');
  const seen = new Set<string>();
  for (const name of order) {
    if (seen.has(name)) fail('elimination-order', `"${name}" is eliminated twice`);
    seen.add(name);
    // Auxiliaries of a noisy-OR chain are named X#noisy-or.k after the variable they decompose.
    const owner = name.split('#noisy-or.')[0]!;
    if (!relevantSet.has(owner)) fail('elimination-order', `"${name}" is not a relevant variable`);
    if (name === query.target) fail('elimination-order', 'the target is eliminated');
  }
  for (const v of relevant) {
    if (v !== query.target && !query.observed.has(v) && !seen.has(v)) fail('elimination-order', `"${v}" is never eliminated`);
  }

  // Distribution: every state, in [0, 1], summing to 1.
  const distribution = asObject(asObject(certificate.result, 'distribution', 'certificate.result').distribution, 'distribution', 'result.distribution');
  const states = model.get(query.target)!.states;
  if (Object.keys(distribution).length !== states.length || !states.every((s) => typeof distribution[s] === 'number')) {
    fail('distribution', `the distribution must list exactly the states ${states.join(', ')}`);
  }
  const values = states.map((s) => distribution[s] as number);
  if (values.some((p) => !(p >= 0 && p <= 1))) fail('distribution', 'a probability lies outside [0, 1]');
  if (Math.abs(values.reduce((a, b) => a + b, 0) - 1) > TOLERANCE) fail('distribution', 'the distribution does not sum to 1');

  return checkNumbers(model, query, values, ancestral, relevantSet, fixedRead, evidence);
}

function checkNumbers(
  model: CheckModel,
  query: ParsedQuery,
  values: number[],
  ancestral: Set<string>,
  relevant: Set<string>,
  fixedRead: Set<string>,
  evidence: Json,
): string {
  const fixedTarget = query.intervened.get(query.target) ?? query.observed.get(query.target);
  if (fixedTarget !== undefined) {
    values.forEach((p, s) => {
      if (p !== (s === fixedTarget ? 1 : 0)) fail('result', 'a fixed target must have a point-mass distribution');
    });
  }
  const withFactor = new Set([...ancestral].filter((v) => !query.intervened.has(v)));
  let joint = enumerateJoint(model, ancestral, withFactor, query.target, query.intervened, query.observed);
  let how = 'recomputed by enumeration over the ancestral part of the intervened graph';
  if (!joint && fixedTarget === undefined) {
    const observedRead = new Map([...query.observed].filter(([v]) => v in evidence || relevant.has(v)));
    const scope = new Set([...relevant, ...fixedRead]);
    joint = enumerateJoint(model, scope, relevant, query.target, query.intervened, observedRead);
    how = 'recomputed by enumeration over the certified relevant part (its d-separation claim checked structurally only)';
  }
  if (!joint) return 'structure checked; the relevant part is too large to enumerate, so the numbers were not recomputed';
  const total = joint.reduce((a, b) => a + b, 0);
  if (!(total > 0)) fail('result', 'the evidence has probability zero, yet a distribution was reported');
  if (fixedTarget !== undefined) return how;
  joint.forEach((p, s) => {
    const expected = p / total;
    if (Math.abs(expected - values[s]!) > TOLERANCE) {
      fail('result', `P(${query.target}=${model.get(query.target)!.states[s]}) is ${values[s]}, enumeration gives ${expected}`);
    }
  });
  return how;
}

function stringList(value: unknown, step: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) fail(step, 'expected a list of variable names');
  return value as string[];
}

function sameEdgeSet(value: unknown, expected: string[], what: string): void {
  if (!Array.isArray(value)) fail('intervened-graph', `${what} is not a list`);
  const actual = (value as unknown[]).map((e) => (Array.isArray(e) ? `${String(e[0])}->${String(e[1])}` : '?'));
  const a = [...new Set(actual)].sort();
  const b = [...new Set(expected)].sort();
  if (a.length !== actual.length || JSON.stringify(a) !== JSON.stringify(b)) {
    const extra = a.filter((e) => !b.includes(e));
    const missing = b.filter((e) => !a.includes(e));
    fail('intervened-graph', `${what} differ from the model's: extra [${extra.join(', ')}], missing [${missing.join(', ')}]`);
  }
}

function checkEffect(output: Json, certificate: Json, model: CheckModel): VerifyOutcome {
  const result = asObject(certificate.result, 'shape', 'certificate.result');
  for (const key of ['pDo', 'pBaseline', 'effect', 'ate'] as const) sameResult(output[key], result[key], key);
  const queries = asObject(certificate.queries, 'shape', 'certificate.queries');
  const outcome = asObject(certificate.outcome, 'shape', 'certificate.outcome');
  const treatment = asObject(certificate.treatment, 'shape', 'certificate.treatment');
  const hows: string[] = [];
  const probabilityFrom = (name: string, doPart: Json | undefined): number => {
    const sub = asObject(queries[name], 'shape', `queries.${name}`);
    const q = asObject(sub.query, 'query', `queries.${name}.query`);
    const expected = { target: outcome.variable, do: doPart ?? {}, given: {} };
    if (JSON.stringify(canonical(q)) !== JSON.stringify(canonical(expected))) {
      fail('query', `queries.${name} asks ${JSON.stringify(q)}, expected ${JSON.stringify(expected)}`);
    }
    try {
      hows.push(checkQuery(sub, model));
    } catch (error) {
      if (error instanceof CheckFailure) fail(`${name}.${error.step}`, error.message);
      throw error;
    }
    return (asObject(sub.result, 'shape', 'result').distribution as Json)[String(outcome.state)] as number;
  };
  const pDo = probabilityFrom('pDo', { [String(treatment.variable)]: treatment.state });
  const pBaseline = probabilityFrom('pBaseline', undefined);
  if (pDo !== result.pDo) fail('effect', `pDo is ${String(result.pDo)}, its query gives ${pDo}`);
  if (pBaseline !== result.pBaseline) fail('effect', `pBaseline is ${String(result.pBaseline)}, its query gives ${pBaseline}`);
  if (result.effect !== pDo - pBaseline) fail('effect', `effect is ${String(result.effect)}, pDo − pBaseline is ${pDo - pBaseline}`);
  if (certificate.control !== undefined || result.ate !== undefined || queries.pControl !== undefined) {
    const control = asObject(certificate.control, 'effect', 'certificate.control');
    const pControl = probabilityFrom('pControl', { [String(control.variable)]: control.state });
    if (result.ate !== pDo - pControl) fail('effect', `ate is ${String(result.ate)}, pDo − pControl is ${pDo - pControl}`);
  }
  return { valid: true, checked: `causal effect: ${[...new Set(hows)].join('; ')}` };
}

function canonical(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value as Json)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => [k, canonical(v)]),
  );
}
