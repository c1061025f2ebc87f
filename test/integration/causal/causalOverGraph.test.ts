import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBif, queryDistribution } from '../../../src/causal';
import { migrate, type LocalServer, type OpenGraph } from '../../../src/graph';
import { importCptModel, MAX_INLINE_CSV_BYTES } from '../../../src/services/causal';
import type { CausalModel } from '../../../src/causal';
import { runMainInProcess as runCli } from '../../helpers/runMainInProcess';
import type { CausewayApi } from '../../../src/api';
import { ADMIN_KEY, codesOf, gql, testApi, WRITER_KEY } from '../../helpers/apiHarness';
import { connect, startFreshNeo4j } from '../../helpers/freshNeo4j';

const REPO = join(__dirname, '..', '..', '..');
const ASIA = join(REPO, '..', 'shared', 'datasets', 'bn', 'asia.bif');

// The whole graph is one causal model, so this suite has a Neo4j of its own.
let server: LocalServer;
let graph: OpenGraph;
let api: CausewayApi;
const asWriter = { 'x-api-key': WRITER_KEY };

beforeAll(async () => {
  server = await startFreshNeo4j();
  graph = await connect(server);
  await migrate(graph.client, join(REPO, 'migrations'));
  api = testApi(graph.client, { config: { defaultBaseRate: 0.02 } as never });
});
afterAll(async () => {
  await graph?.close();
  await server?.stop();
});

const upsert = async (entities: unknown[], relations: unknown[]) => {
  if (entities.length) {
    const e = await gql(api, 'mutation($e: [EntityInput!]!) { upsertEntities(entities: $e) { graphVersion } }', { e: entities }, asWriter);
    expect(e.body.errors).toBeUndefined();
  }
  if (relations.length) {
    const r = await gql(api, 'mutation($r: [RelationInput!]!) { upsertRelations(relations: $r) { graphVersion } }', { r: relations }, asWriter);
    expect(r.body.errors).toBeUndefined();
  }
};

const INTERVENE = `query($t: ID!, $do: [StateAssignment!], $given: [StateAssignment!]) {
  intervene(target: $t, do: $do, given: $given) { target distribution { state probability } answer graphVersion } }`;
const EFFECT = `query($x: StateAssignment!, $y: StateAssignment!, $c: StateAssignment) {
  causalEffect(treatment: $x, outcome: $y, control: $c) { pDo pBaseline effect ate answer graphVersion } }`;

const pTrue = (result: { distribution: { state: string; probability: number }[] }) =>
  result.distribution.find((d) => d.state === 'true')!.probability;

describe('causal queries over the knowledge graph (GraphQL)', () => {
  it('answers P(Y | do(X)), C(X,Y) and the ATE of a noisy-OR graph exactly, with certificates verify accepts', async () => {
    await upsert(
      [
        { id: 'smoking', name: 'Smoking', type: 'Behaviour', baseRate: 0.3 },
        { id: 'lung_cancer', name: 'Lung cancer', type: 'Disease', baseRate: 0.01 },
        { id: 'exercise', name: 'Exercise', type: 'Behaviour', baseRate: 0.4 },
      ],
      [
        { id: 'r-smoking-cancer', type: 'CAUSES', from: 'smoking', to: 'lung_cancer', strength: 0.5 },
        { id: 'r-exercise-cancer', type: 'PREVENTS', from: 'exercise', to: 'lung_cancer', strength: 0.2 },
      ],
    );
    // Independent arithmetic from the design's noisy-OR: P(Y=1|pa) = (1 − (1 − leak)·Π(1 − s)) · Π_prevent(1 − p).
    const onGivenSmoking = (smoke: number) => 1 - 0.99 * (smoke ? 0.5 : 1);
    const withExercise = (p: number) => 0.4 * p * 0.8 + 0.6 * p;
    const pDo = withExercise(onGivenSmoking(1));
    const pBaseline = 0.3 * withExercise(onGivenSmoking(1)) + 0.7 * withExercise(onGivenSmoking(0));
    const pControl = withExercise(onGivenSmoking(0));

    const query = await gql(api, INTERVENE, { t: 'lung_cancer', do: [{ variable: 'smoking', state: 'true' }] });
    expect(query.body.errors).toBeUndefined();
    const intervened = query.body.data!.intervene;
    expect(pTrue(intervened)).toBeCloseTo(pDo, 12);
    expect(intervened.distribution.reduce((s: number, d: { probability: number }) => s + d.probability, 0)).toBeCloseTo(1, 12);
    expect(intervened.answer.certificate.model.source).toMatchObject({ kind: 'graph', graphVersion: intervened.graphVersion });
    expect(query.body.extensions?.graphVersion).toBe(intervened.graphVersion);

    const effect = await gql(api, EFFECT, {
      x: { variable: 'smoking', state: 'true' },
      y: { variable: 'lung_cancer', state: 'true' },
      c: { variable: 'smoking', state: 'false' },
    });
    expect(effect.body.errors).toBeUndefined();
    const e = effect.body.data!.causalEffect;
    expect(e.pDo).toBeCloseTo(pDo, 12);
    expect(e.pBaseline).toBeCloseTo(pBaseline, 12);
    expect(e.effect).toBeCloseTo(pDo - pBaseline, 12);
    expect(e.ate).toBeCloseTo(pDo - pControl, 12);

    for (const answer of [intervened.answer, e.answer]) {
      const verified = await gql(api, 'query($c: JSON!) { verify(certificate: $c) { valid step reason } }', { c: answer });
      expect(verified.body.data!.verify).toMatchObject({ valid: true });
    }
    const tampered = structuredClone(intervened.answer);
    tampered.distribution.true += 0.01;
    tampered.distribution.false -= 0.01;
    const rejected = await gql(api, 'query($c: JSON!) { verify(certificate: $c) { valid step } }', { c: tampered });
    expect(rejected.body.data!.verify.valid).toBe(false);
  });

  it('recompiles after a write (the cache is keyed by graph version) and names a defaulted base rate', async () => {
    const before = (await gql(api, INTERVENE, { t: 'lung_cancer', do: [{ variable: 'smoking', state: 'true' }] })).body.data!.intervene;
    await upsert([{ id: 'radon', name: 'Radon', type: 'Exposure' }], [
      { id: 'r-smoking-cancer', type: 'CAUSES', from: 'smoking', to: 'lung_cancer', strength: 0.8 },
      { id: 'r-radon-cancer', type: 'CAUSES', from: 'radon', to: 'lung_cancer', strength: 0.1 },
    ]);
    const after = (await gql(api, INTERVENE, { t: 'lung_cancer', do: [{ variable: 'smoking', state: 'true' }] })).body.data!.intervene;
    expect(after.graphVersion).toBeGreaterThan(before.graphVersion);
    const radon = 0.02 * (1 - 0.99 * 0.2 * 0.9) + 0.98 * (1 - 0.99 * 0.2);
    expect(pTrue(after)).toBeCloseTo(0.4 * radon * 0.8 + 0.6 * radon, 12);
    expect(after.answer.certificate.assumptions.join(' ')).toMatch(/default base rate 0\.02 .*radon/);
  });

  it('rejects unknown variables and states and zero-probability evidence with typed codes', async () => {
    const unknown = await gql(api, INTERVENE, { t: 'nonexistent' });
    expect(codesOf(unknown)).toEqual(['INVALID_QUERY']);
    const badState = await gql(api, INTERVENE, { t: 'lung_cancer', do: [{ variable: 'smoking', state: 'maybe' }] });
    expect(codesOf(badState)).toEqual(['INVALID_QUERY']);
  });

  it('imports a BIF network as entities with CPTs and answers exactly as the engine does on the file', async () => {
    const text = readFileSync(ASIA, 'utf8');
    const model = parseBif(text);
    const report = await importCptModel(graph.client, model, { assertedBy: 'test' });
    expect(report).toMatchObject({ entities: 8, edges: 8 });
    const again = await importCptModel(graph.client, model, { assertedBy: 'test' });
    expect(again.edges).toBe(8);

    const fromFile = queryDistribution(model, { target: 'dysp', do: { smoke: 'yes' }, given: { xray: 'yes' } });
    const response = await gql(api, INTERVENE, {
      t: 'dysp',
      do: [{ variable: 'smoke', state: 'yes' }],
      given: [{ variable: 'xray', state: 'yes' }],
    });
    expect(response.body.errors).toBeUndefined();
    for (const { state, probability } of response.body.data!.intervene.distribution) {
      expect(probability).toBeCloseTo(fromFile.distribution[state], 12);
    }
    const report2 = await gql(api, '{ validateCausalModel { valid variables edges assumptions graphVersion } }');
    expect(report2.body.data!.validateCausalModel).toMatchObject({ valid: true });
    expect(report2.body.data!.validateCausalModel.variables).toBeGreaterThanOrEqual(12);
  });

  it('answers counterfactuals, probabilities of causation, d-separation and identification over the graph', async () => {
    await upsert([], [{ id: 'r-exercise-smoking-confounded', type: 'CONFOUNDED', from: 'exercise', to: 'smoking' }]);
    const verify = async (answer: unknown) =>
      (await gql(api, 'query($c: JSON!) { verify(certificate: $c) { valid step reason } }', { c: answer })).body.data!.verify;

    const cf = await gql(
      api,
      `query { counterfactual(target: "lung_cancer", do: [{variable: "smoking", state: "false"}],
                              given: [{variable: "smoking", state: "true"}, {variable: "lung_cancer", state: "true"}])
               { target distribution { state probability } bounds { state } answer graphVersion } }`,
    );
    expect(cf.body.errors).toBeUndefined();
    const counterfactual = cf.body.data!.counterfactual;
    expect(counterfactual.bounds).toBeNull();
    const pNoCancer = counterfactual.distribution.find((d: { state: string }) => d.state === 'false').probability;
    expect(pNoCancer).toBeGreaterThan(0.5); // most of the cancer was the smoking's doing
    expect(await verify(counterfactual.answer)).toMatchObject({ valid: true });

    const pn = await gql(api, '{ necessity(treatment: {variable: "smoking", state: "true"}, outcome: {variable: "lung_cancer", state: "true"}) { pn ps pns answer } }');
    expect(pn.body.errors).toBeUndefined();
    expect(typeof pn.body.data!.necessity.pn).toBe('number');
    expect(await verify(pn.body.data!.necessity.answer)).toMatchObject({ valid: true });

    const separated = await gql(api, '{ a: dSeparated(x: ["radon"], y: ["exercise"]) { separated openPath } b: dSeparated(x: ["radon"], y: ["exercise"], given: ["lung_cancer"]) { separated openPath } }');
    expect(separated.body.data!.a).toEqual({ separated: true, openPath: null });
    expect(separated.body.data!.b.separated).toBe(false);
    expect(separated.body.data!.b.openPath).toEqual(['radon', 'lung_cancer', 'exercise']);

    const identified = await gql(api, '{ identify(treatment: "smoking", outcome: "lung_cancer") { identifiable method adjustmentSet estimand answer } }');
    expect(identified.body.errors).toBeUndefined();
    expect(identified.body.data!.identify).toMatchObject({ identifiable: true, method: 'backdoor', adjustmentSet: ['exercise'] });
    expect(await verify(identified.body.data!.identify.answer)).toMatchObject({ valid: true });

    const fileAnswer = { target: 'x', distribution: {}, certificate: { model: { source: { kind: 'file', path: '/etc/hostname', sha256: 'x' } } } };
    const refused = await gql(api, 'query($c: JSON!) { verify(certificate: $c) { valid } }', { c: fileAnswer });
    expect(codesOf(refused)).toEqual(['BAD_USER_INPUT']);
  });

  it('bounds a CPT counterfactual the closed forms do not cover by the response-function LP, verified', async () => {
    // asia's CPT part (imported above): evidence on tub besides the target, so Tian–Pearl does not apply.
    const cf = await gql(
      api,
      `query { counterfactual(target: "either", do: [{variable: "lung", state: "no"}],
                              given: [{variable: "either", state: "yes"}, {variable: "tub", state: "no"}])
               { distribution { state } bounds { state lower upper } answer } }`,
    );
    expect(cf.body.errors).toBeUndefined();
    const result = cf.body.data!.counterfactual;
    expect(result.distribution).toBeNull();
    expect(result.answer.certificate.method).toBe('response-function-lp');
    // Without tuberculosis, "either" (tub or lung) was lung cancer: setting lung = no removes it in every world.
    const yes = result.bounds.find((b: { state: string }) => b.state === 'yes');
    expect(yes.lower).toBeCloseTo(0, 9);
    expect(yes.upper).toBeCloseTo(0, 9);
    const verified = await gql(api, 'query($c: JSON!) { verify(certificate: $c) { valid checked } }', { c: result.answer });
    expect(verified.body.data!.verify).toMatchObject({ valid: true, checked: expect.stringContaining('response-function LP') });
  });

  it('fits CPTs and estimates an effect from inline CSV over the graph, with answers verify accepts', async () => {
    const model = parseBif(readFileSync(ASIA, 'utf8'));
    const csv = sampleCsv(model, 20_000, 7);
    const fitted = await gql(api, 'query($csv: String!) { fit(csv: $csv, variables: ["dysp"], prior: {alpha: 0}) { model variables prior assumptions answer graphVersion } }', { csv });
    expect(fitted.body.errors).toBeUndefined();
    const fit = fitted.body.data!.fit;
    expect(fit.variables).toBe(7); // dysp and its ancestors; xray is not one
    expect(fit.prior).toEqual({ kind: 'uniform', alpha: 0 });
    expect(Object.keys(fit.answer).sort()).toEqual(['assumptions', 'model', 'prior', 'variables']);
    const smokeCpt = fit.model.cpts.find((c: { variable: string }) => c.variable === 'smoke');
    expect(smokeCpt.table[0][0]).toBeCloseTo(0.5, 1); // asia: P(smoke = yes) = 0.5

    const ESTIMATE = `query($csv: String!) { estimate(csv: $csv, treatment: {variable: "smoke", state: "yes"}, control: {variable: "smoke", state: "no"},
      outcome: {variable: "dysp", state: "yes"}, bootstrap: 60, simulations: 4, seed: 3) {
      pDo pBaseline effect pControl ate method adjustmentSet estimand interval refutations answer graphVersion } }`;
    const estimated = await gql(api, ESTIMATE, { csv });
    expect(estimated.body.errors).toBeUndefined();
    const estimate = estimated.body.data!.estimate;
    const truth = (state: string) => queryDistribution(model, { target: 'dysp', do: { smoke: state } }).distribution.yes!;
    const ate = truth('yes') - truth('no');
    expect(estimate.interval.ate[0]).toBeLessThanOrEqual(ate);
    expect(estimate.interval.ate[1]).toBeGreaterThanOrEqual(ate);
    expect(Math.abs(estimate.pDo - truth('yes'))).toBeLessThan(0.03);
    expect(estimate.method).toBe('backdoor');
    expect(estimate.answer.certificate).toMatchObject({ type: 'causeway.causal.estimate', dataSha256: expect.any(String), modelSha256: expect.any(String) });
    const viaApi = await gql(api, 'query($c: JSON!) { verify(certificate: $c) { valid checked } }', { c: estimate.answer });
    expect(viaApi.body.data!.verify).toMatchObject({ valid: true });
    const file = join(mkdtempSync(join(tmpdir(), 'causeway-estimate-')), 'estimate.json');
    writeFileSync(file, JSON.stringify(estimate.answer));
    const viaCli = await runCli(['verify', file]);
    expect(viaCli.code).toBe(0);
    expect(viaCli.stderr).toMatch(/^valid/);
  });

  it('refuses bad inline CSV with BAD_USER_INPUT naming the line, and oversized CSV with LIMIT_EXCEEDED', async () => {
    const ragged = 'smoke,dysp\nyes,no\nno\n';
    const bad = await gql(api, 'query($csv: String!) { estimate(csv: $csv, treatment: {variable: "smoke", state: "yes"}, outcome: {variable: "dysp", state: "yes"}) { pDo } }', { csv: ragged });
    expect(codesOf(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.body.errors![0].message).toMatch(/data line 3: 1 fields, expected 2/);
    const badState = await gql(api, 'query($csv: String!) { fit(csv: $csv, variables: ["smoke"]) { variables } }', { csv: 'smoke\nyes\nperhaps\n' });
    expect(codesOf(badState)).toEqual(['BAD_USER_INPUT']);
    expect(badState.body.errors![0].message).toMatch(/data line 3: "perhaps" is not a state of "smoke"/);
    const unknown = await gql(api, 'query($csv: String!) { fit(csv: $csv, variables: ["nope"]) { variables } }', { csv: 'smoke\nyes\n' });
    expect(codesOf(unknown)).toEqual(['BAD_USER_INPUT']);
    const huge = 'smoke\n' + 'yes\n'.repeat(MAX_INLINE_CSV_BYTES / 4 + 1);
    const tooBig = await gql(api, 'query($csv: String!) { fit(csv: $csv, variables: ["smoke"]) { variables } }', { csv: huge });
    expect(codesOf(tooBig)).toEqual(['LIMIT_EXCEEDED']);
  });

  it('reports a cycle in the graph as INVALID_MODEL naming it', async () => {
    await upsert(
      [
        { id: 'stress', name: 'Stress', type: 'State', baseRate: 0.2 },
        { id: 'insomnia', name: 'Insomnia', type: 'State', baseRate: 0.1 },
      ],
      [
        { id: 'r-stress-insomnia', type: 'CAUSES', from: 'stress', to: 'insomnia', strength: 0.4 },
        { id: 'r-insomnia-stress', type: 'CAUSES', from: 'insomnia', to: 'stress', strength: 0.3 },
      ],
    );
    const response = await gql(api, '{ validateCausalModel { valid } }', {}, { 'x-api-key': ADMIN_KEY });
    expect(codesOf(response)).toEqual(['INVALID_MODEL']);
    expect(response.body.errors![0].message).toMatch(/stress -> insomnia -> stress|insomnia -> stress -> insomnia/);
  });
});

/** Forward samples of a CPT model (variables in the file's order are topological for asia), seeded, as CSV. */
function sampleCsv(model: CausalModel, rows: number, seed: number): string {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const ids = model.variables.map((v) => v.id);
  const lines = [ids.join(',')];
  for (let r = 0; r < rows; r++) {
    const value = new Map<string, number>();
    for (const v of model.variables) {
      if (v.mechanism.type !== 'cpt') throw new Error('CPT models only');
      let row = 0;
      for (const p of v.parents) row = row * model.variables.find((u) => u.id === p)!.states.length + value.get(p)!;
      let u = random();
      let s = 0;
      while (s < v.states.length - 1 && (u -= v.mechanism.table[row * v.states.length + s]!) > 0) s++;
      value.set(v.id, s);
    }
    lines.push(model.variables.map((v) => v.states[value.get(v.id)!]).join(','));
  }
  return lines.join('\n') + '\n';
}
