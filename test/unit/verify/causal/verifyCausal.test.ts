import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  buildNoisyOrModel,
  causalEffect,
  counterfactualQuery,
  modelToJson,
  parseModelText,
  probabilitiesOfCausation,
  queryDistribution,
  type ModelSource,
} from '../../../../src/causal';
import { verifyCausalOutput } from '../../../../src/verify/causal';

/** Genuine certificates pass; every tampering is caught at the step that names it. */
const DATASETS = join(__dirname, '../../../../../shared/datasets/bn');
const dir = mkdtempSync(join(tmpdir(), 'causeway-verify-'));

function fileSource(path: string): ModelSource {
  return { kind: 'file', path, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') };
}

const asiaPath = join(dir, 'asia.bif');
copyFileSync(join(DATASETS, 'asia.bif'), asiaPath);
const asia = parseModelText(readFileSync(asiaPath, 'utf8'));
const asiaSource = fileSource(asiaPath);

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;
const verify = (doc: unknown) => verifyCausalOutput(doc, { baseDir: dir });

function queryDoc(): Doc {
  const answer = queryDistribution(asia, { target: 'lung', do: { smoke: 'yes' }, given: { xray: 'yes', asia: 'no' } }, { source: asiaSource });
  return clone(answer);
}

test('a genuine query certificate is valid, its numbers recomputed by enumeration', () => {
  expect(verify(queryDoc())).toEqual({ valid: true, checked: expect.stringMatching(/recomputed by enumeration over the ancestral part/) });
});

test.each<[string, (doc: Doc) => void, string]>([
  ['a changed probability (answer and certificate alike)', (d) => {
    d.distribution.yes += 1e-6;
    d.distribution.no -= 1e-6;
    d.certificate.result.distribution = { ...d.distribution };
  }, 'result'],
  ['an answer that differs from its certificate', (d) => (d.distribution.yes = 0.5), 'result'],
  ['a distribution missing a state', (d) => {
    delete d.distribution.no;
    delete d.certificate.result.distribution.no;
  }, 'distribution'],
  ['an unnormalised distribution', (d) => {
    d.distribution.no = 1;
    d.certificate.result.distribution.no = 1;
  }, 'distribution'],
  ['an edge dropped from the intervened graph', (d) => d.certificate.intervenedGraph.edges.pop(), 'intervened-graph'],
  ['a cut edge left in the intervened graph', (d) => d.certificate.intervenedGraph.edges.push(['asia', 'tub'], ['nobody', 'lung']), 'intervened-graph'],
  ['a non-ancestor claimed relevant', (d) => d.certificate.relevantVariables.push('bronc'), 'relevance'],
  ['a relevant variable listed twice', (d) => d.certificate.relevantVariables.push(d.certificate.relevantVariables[0]), 'relevance'],
  ['an intervened variable claimed relevant', (d) => d.certificate.relevantVariables.push('smoke'), 'relevance'],
  ['evidence that is not in the query', (d) => (d.certificate.evidence.asia = 'yes'), 'relevance'],
  ['a relevant variable whose parent is missing', (d) => {
    d.certificate.relevantVariables = d.certificate.relevantVariables.filter((v: string) => v !== 'tub');
  }, 'relevance'],
  ['a variable eliminated twice', (d) => d.certificate.eliminationOrder.push(d.certificate.eliminationOrder[0]), 'elimination-order'],
  ['the target eliminated', (d) => d.certificate.eliminationOrder.push('lung'), 'elimination-order'],
  ['a changed query', (d) => (d.certificate.query.do.smoke = 'no'), 'result'],
  ['an unknown state in the query', (d) => (d.certificate.query.do.smoke = 'often'), 'query'],
  ['a wrong model checksum', (d) => (d.certificate.model.source.sha256 = '0'.repeat(64)), 'model'],
  ['no model at all', (d) => delete d.certificate.model.source, 'model'],
  ['an unknown certificate type', (d) => (d.certificate.type = 'something'), 'shape'],
])('rejects %s', (_, tamper, step) => {
  const doc = queryDoc();
  tamper(doc);
  const outcome = verify(doc);
  expect(outcome.valid).toBe(false);
  expect(outcome).toMatchObject({ step });
});

test('a model file changed after the answer is rejected', () => {
  const path = join(dir, 'changing.bif');
  copyFileSync(asiaPath, path);
  const answer = clone(queryDistribution(asia, { target: 'lung' }, { source: fileSource(path) }));
  expect(verify(answer).valid).toBe(true);
  writeFileSync(path, readFileSync(path, 'utf8').replace('(yes) 0.1, 0.9;', '(yes) 0.2, 0.8;'));
  expect(verify(answer)).toMatchObject({ valid: false, step: 'model', reason: expect.stringMatching(/sha256/) });
});

describe('effect certificates', () => {
  const effectDoc = (): Doc =>
    clone(
      causalEffect(
        asia,
        { treatment: { variable: 'smoke', state: 'yes' }, control: { variable: 'smoke', state: 'no' }, outcome: { variable: 'dysp', state: 'yes' } },
        { source: asiaSource },
      ),
    );

  test('a genuine one is valid', () => {
    expect(verify(effectDoc())).toMatchObject({ valid: true, checked: expect.stringMatching(/^causal effect: recomputed/) });
  });

  test.each<[string, (doc: Doc) => void, string]>([
    ['an effect that is not pDo − pBaseline', (d) => {
      d.effect += 0.01;
      d.certificate.result.effect = d.effect;
    }, 'effect'],
    ['an ate that is not pDo − pControl', (d) => {
      d.ate = 0;
      d.certificate.result.ate = 0;
    }, 'effect'],
    ['a pDo that is not its query\'s answer', (d) => {
      d.pDo = 0.5;
      d.certificate.result.pDo = 0.5;
    }, 'effect'],
    ['a sub-query for another treatment', (d) => (d.certificate.queries.pDo.query.do = { smoke: 'no' }), 'query'],
    ['a tampered sub-certificate', (d) => d.certificate.queries.pBaseline.relevantVariables.push('xray'), 'pBaseline.relevance'],
  ])('rejects %s', (_, tamper, step) => {
    const doc = effectDoc();
    tamper(doc);
    expect(verify(doc)).toMatchObject({ valid: false, step });
  });
});

describe('models too large to enumerate', () => {
  const n = 60;
  const model = buildNoisyOrModel(
    [{ id: 'Y', baseRate: 0.01 }, ...Array.from({ length: n }, (_, i) => ({ id: `X${i}`, baseRate: 0.1 }))],
    Array.from({ length: n }, (_, i) => ({ from: `X${i}`, to: 'Y', kind: 'CAUSES' as const, strength: 0.05 })),
  );
  const source: ModelSource = { kind: 'inline', embedded: modelToJson(model) };

  test('an embedded model is read, and the structure alone is checked (and said so)', () => {
    const doc = clone(queryDistribution(model, { target: 'Y', do: { X0: 'true' } }, { source }));
    expect(verify(doc)).toEqual({ valid: true, checked: expect.stringMatching(/too large to enumerate, so the numbers were not recomputed/) });
    doc.certificate.eliminationOrder = doc.certificate.eliminationOrder.filter((name: string) => name !== 'X5');
    expect(verify(doc)).toMatchObject({ valid: false, step: 'elimination-order' });
  });

  test('with evidence d-separating most of it, the certified relevant part is enumerated', () => {
    const doc = clone(queryDistribution(model, { target: 'X3', given: { Y: 'true' } }, { source }));
    expect(verify(doc).valid).toBe(true);
  });
});

describe('counterfactual and necessity certificates', () => {
  const spec = {
    nodes: [{ id: 'fire', leak: 0.1 }, { id: 'smoke', leak: 0.05 }, { id: 'alarm', leak: 0.01 }],
    edges: [
      { from: 'fire', to: 'smoke', kind: 'CAUSES', strength: 0.9 },
      { from: 'smoke', to: 'alarm', kind: 'CAUSES', strength: 0.8 },
      { from: 'fire', to: 'alarm', kind: 'PREVENTS', strength: 0.2 },
    ],
  };
  const path = join(dir, 'fire.json');
  writeFileSync(path, JSON.stringify(spec));
  const noisyOr = parseModelText(readFileSync(path, 'utf8'));
  const source = fileSource(path);

  test.each<[string, () => unknown, (d: Doc) => void]>([
    ['a counterfactual distribution', () => counterfactualQuery(noisyOr, { target: 'alarm', do: { fire: 'false' }, given: { alarm: 'true' } }, { source }), (d) => {
      d.distribution.true -= 0.01;
      d.distribution.false += 0.01;
      d.certificate.result.distribution = { ...d.distribution };
    }],
    ['counterfactual bounds', () => counterfactualQuery(asia, { target: 'dysp', do: { smoke: 'no' }, given: { smoke: 'yes', dysp: 'yes' } }, { source: asiaSource }), (d) => {
      d.bounds.yes[1] = 1;
      d.certificate.result.bounds = clone(d.bounds);
    }],
    ['an exact PN', () => probabilitiesOfCausation(noisyOr, { variable: 'fire', state: 'true' }, { variable: 'alarm', state: 'true' }, { source }), (d) => {
      d.pn = 0.5;
      d.certificate.result.pn = 0.5;
    }],
    ['a PNS interval', () => probabilitiesOfCausation(asia, { variable: 'smoke', state: 'yes' }, { variable: 'dysp', state: 'yes' }, { source: asiaSource }), (d) => {
      d.pns = [0, 1];
      d.certificate.result.pns = [0, 1];
    }],
  ])('%s: genuine is valid, tampered is rejected', (_, make, tamper) => {
    const doc = clone(make()) as Doc;
    expect(verify(doc)).toMatchObject({ valid: true });
    tamper(doc);
    expect(verify(doc)).toMatchObject({ valid: false, step: 'result' });
  });
});
