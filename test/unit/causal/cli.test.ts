import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMainInProcess as runCli } from '../../helpers/runMainInProcess';

/** The CLI contract of issue 4: JSON only on stdout, exit 0 answer, 1 invalid model/query, 2 usage. */
const DATASETS = join(__dirname, '../../../../shared/datasets/bn');
const alarm = join(DATASETS, 'alarm.bif');
const asia = join(DATASETS, 'asia.bif');
const dir = mkdtempSync(join(tmpdir(), 'causeway-causal-'));

test('causal query prints {target, distribution, certificate} that verify accepts', async () => {
  const run = await runCli(['causal', 'query', '--model', asia, '--target', 'lung', '--do', 'smoke=yes', '--given', 'xray=yes', '--given', 'asia=no', '--json']);
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
  const doc = JSON.parse(run.stdout);
  expect(Object.keys(doc)).toEqual(['target', 'distribution', 'certificate']);
  expect(doc.target).toBe('lung');
  expect(Object.keys(doc.distribution).sort()).toEqual(['no', 'yes']);
  expect(doc.certificate.query).toEqual({ target: 'lung', do: { smoke: 'yes' }, given: { xray: 'yes', asia: 'no' } });
  const file = join(dir, 'query.json');
  writeFileSync(file, run.stdout);
  const verified = await runCli(['verify', file]);
  expect(verified).toMatchObject({ code: 0, stdout: '' });
  expect(verified.stderr).toMatch(/^valid: causal query: recomputed by enumeration/);
});

test('causal effect prints pDo, pBaseline, effect and ate (with --control only)', async () => {
  const without = JSON.parse((await runCli(['causal', 'effect', '--model', alarm, '--treatment', 'HYPOVOLEMIA=TRUE', '--outcome', 'BP=LOW', '--json'])).stdout);
  expect(Object.keys(without)).toEqual(['pDo', 'pBaseline', 'effect', 'certificate']);
  const run = await runCli(['causal', 'effect', '--model', alarm, '--treatment', 'HYPOVOLEMIA=TRUE', '--control', 'HYPOVOLEMIA=FALSE', '--outcome', 'BP=LOW', '--json']);
  expect(run.code).toBe(0);
  const doc = JSON.parse(run.stdout);
  expect(Object.keys(doc)).toEqual(['pDo', 'pBaseline', 'effect', 'ate', 'certificate']);
  expect(doc.effect).toBe(doc.pDo - doc.pBaseline);
  expect(doc.pDo).toBe(without.pDo);
  const file = join(dir, 'effect.json');
  writeFileSync(file, run.stdout);
  expect((await runCli(['verify', file])).code).toBe(0);
});

test.each([
  ['an unknown variable', ['causal', 'query', '--model', asia, '--target', 'lungs', '--json'], 1, /^causeway: INVALID_QUERY \(target\): unknown variable "lungs"\n$/],
  ['an unknown state', ['causal', 'effect', '--model', asia, '--treatment', 'smoke=maybe', '--outcome', 'lung=yes', '--json'], 1, /INVALID_QUERY \(do\): "maybe" is not a state of "smoke"/],
  ['impossible evidence', ['causal', 'query', '--model', asia, '--target', 'xray', '--given', 'tub=yes', '--given', 'either=no', '--json'], 1, /ZERO_PROBABILITY_EVIDENCE/],
  ['a missing --target', ['causal', 'query', '--model', asia, '--json'], 2, /required option '--target <var>'/],
  ['a malformed --do', ['causal', 'query', '--model', asia, '--target', 'lung', '--do', 'smoke', '--json'], 2, /--do expects VAR=STATE/],
  ['an unreadable model file', ['causal', 'query', '--model', join(dir, 'none.bif'), '--target', 'lung', '--json'], 2, /cannot read model file/],
])('%s: typed exit code, nothing on stdout', async (_, args, code, message) => {
  const run = await runCli(args as string[]);
  expect(run.code).toBe(code);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(message as RegExp);
});

test('an invalid model file exits 1 with the position', async () => {
  const file = join(dir, 'bad.json');
  writeFileSync(file, '{"nodes": [\n  {"id": "A" "leak": 0.1}]}');
  const run = await runCli(['causal', 'query', '--model', file, '--target', 'A', '--json']);
  expect(run).toMatchObject({ code: 1, stdout: '' });
  expect(run.stderr).toMatch(/^causeway: INVALID_MODEL: malformed model JSON at line 2, column 14/);
});

test('LIMIT_EXCEEDED exits 1 naming the size', async () => {
  const run = await runCli(['causal', 'query', '--model', alarm, '--target', 'BP', '--given', 'HRBP=HIGH', '--max-table-entries', '10', '--json']);
  expect(run).toMatchObject({ code: 1, stdout: '' });
  expect(run.stderr).toMatch(/LIMIT_EXCEEDED: exact inference on the relevant part \(\d+ variables\) needs a table of \d+ entries/);
});

describe('counterfactual and necessity (issue 5)', () => {
  const noisyOr = join(dir, 'fire.json');
  writeFileSync(
    noisyOr,
    JSON.stringify({
      nodes: [{ id: 'fire', leak: 0.1 }, { id: 'smoke', leak: 0.05 }, { id: 'alarm', leak: 0.01 }],
      edges: [
        { from: 'fire', to: 'smoke', kind: 'CAUSES', strength: 0.9 },
        { from: 'smoke', to: 'alarm', kind: 'CAUSES', strength: 0.8 },
      ],
    }),
  );

  test('noisy-OR: an exact distribution; CPT: bounds — both verified', async () => {
    const exact = await runCli(['causal', 'counterfactual', '--model', noisyOr, '--target', 'alarm', '--given', 'alarm=true', '--do', 'fire=false', '--json']);
    expect(exact.code).toBe(0);
    const doc = JSON.parse(exact.stdout);
    expect(Object.keys(doc)).toEqual(['target', 'distribution', 'certificate']);
    const bounded = await runCli(['causal', 'counterfactual', '--model', asia, '--target', 'dysp', '--given', 'smoke=yes', '--given', 'dysp=yes', '--do', 'smoke=no', '--json']);
    const boundsDoc = JSON.parse(bounded.stdout);
    expect(Object.keys(boundsDoc)).toEqual(['target', 'bounds', 'certificate']);
    expect(boundsDoc.bounds.yes[0]).toBeLessThanOrEqual(boundsDoc.bounds.yes[1]);
    for (const [name, text] of [['cf.json', exact.stdout], ['cf-bounds.json', bounded.stdout]]) {
      writeFileSync(join(dir, name!), text!);
      const verified = await runCli(['verify', join(dir, name!)]);
      expect(verified.code).toBe(0);
      expect(verified.stderr).toMatch(/^valid: counterfactual: (recomputed|bounds recomputed)/);
    }
  });

  test('CPT evidence the closed forms do not cover: LP bounds that verify checks', async () => {
    const cpt = join(dir, 'chain-cpt.json');
    writeFileSync(
      cpt,
      JSON.stringify({
        variables: [{ id: 'a', states: ['no', 'yes'] }, { id: 'b', states: ['lo', 'mid', 'hi'] }, { id: 'c', states: ['no', 'yes'] }],
        cpts: [
          { variable: 'a', parents: [], table: [[0.6, 0.4]] },
          { variable: 'b', parents: ['a'], table: [[0.5, 0.3, 0.2], [0.1, 0.3, 0.6]] },
          { variable: 'c', parents: ['b'], table: [[0.9, 0.1], [0.5, 0.5], [0.2, 0.8]] },
        ],
      }),
    );
    const run = await runCli(['causal', 'counterfactual', '--model', cpt, '--target', 'c', '--given', 'a=yes', '--given', 'c=yes', '--do', 'b=lo', '--json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(Object.keys(doc)).toEqual(['target', 'bounds', 'certificate']);
    expect(doc.certificate.method).toBe('response-function-lp');
    expect(doc.bounds.yes[0]).toBeLessThanOrEqual(doc.bounds.yes[1]);
    writeFileSync(join(dir, 'cf-lp.json'), run.stdout);
    const verified = await runCli(['verify', join(dir, 'cf-lp.json')]);
    expect(verified.code).toBe(0);
    expect(verified.stderr).toMatch(/^valid: counterfactual: response-function LP rebuilt/);
  });

  test('necessity prints pn, ps, pns: numbers on noisy-OR, intervals on CPTs', async () => {
    const exact = JSON.parse((await runCli(['causal', 'necessity', '--model', noisyOr, '--treatment', 'fire=true', '--outcome', 'alarm=true', '--json'])).stdout);
    expect(Object.keys(exact)).toEqual(['pn', 'ps', 'pns', 'certificate']);
    expect(typeof exact.pn).toBe('number');
    const bounded = JSON.parse((await runCli(['causal', 'necessity', '--model', asia, '--treatment', 'smoke=yes', '--outcome', 'dysp=yes', '--json'])).stdout);
    expect(bounded.pns).toHaveLength(2);
  });

  test.each([
    ['a counterfactual without --do', ['causal', 'counterfactual', '--model', asia, '--target', 'dysp', '--json'], 2, /at least one --do/],
    ['a counterfactual whose response-function LP is over the size limit', ['causal', 'counterfactual', '--model', asia, '--target', 'dysp', '--given', 'xray=yes', '--do', 'smoke=no', '--json'], 1, /LIMIT_EXCEEDED: the response-function linear program over 8 variables/],
    ['a non-binary treatment', ['causal', 'necessity', '--model', join(DATASETS, 'sachs.bif'), '--treatment', 'PKA=LOW', '--outcome', 'Akt=LOW', '--json'], 1, /INVALID_QUERY \(treatment\): PN, PS and PNS need a binary treatment/],
  ])('%s: typed exit code, nothing on stdout', async (_, args, code, message) => {
    const run = await runCli(args as string[]);
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message as RegExp);
  });
});
