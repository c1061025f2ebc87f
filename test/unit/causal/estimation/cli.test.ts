import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMainInProcess as runCli } from '../../../helpers/runMainInProcess';
import { BACKDOOR_GRAPH, BACKDOOR_MODEL, simulateCsv } from './simulate';

const dir = mkdtempSync(join(tmpdir(), 'causeway-estimate-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const graph = file('graph.json', JSON.stringify(BACKDOOR_GRAPH));
const data = file('obs.csv', simulateCsv(BACKDOOR_MODEL, 4_000, 17));

test('causal fit writes CPT JSON that causal query reads', async () => {
  const out = join(dir, 'fitted.json');
  const run = await runCli(['causal', 'fit', '--model', graph, '--data', data, '--out', out, '--json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const summary = JSON.parse(run.stdout);
  expect(summary).toMatchObject({ model: out, variables: 3, prior: { kind: 'bdeu', ess: 1 } });
  const fitted = JSON.parse(readFileSync(out, 'utf8'));
  expect(fitted.variables.map((v: { id: string }) => v.id)).toEqual(['Z', 'X', 'Y']);
  expect(fitted.cpts.find((c: { variable: string }) => c.variable === 'Y').table).toHaveLength(6);
  const query = await runCli(['causal', 'query', '--model', out, '--target', 'Y', '--do', 'X=1', '--json']);
  expect(query.code).toBe(0);
  expect(JSON.parse(query.stdout).distribution['1']).toBeCloseTo(0.51, 1);
});

test('causal estimate prints the answer with interval, refutations and certificate', async () => {
  const run = await runCli([
    'causal', 'estimate', '--model', graph, '--data', data,
    '--treatment', 'X=1', '--control', 'X=0', '--outcome', 'Y=1', '--bootstrap', '50', '--simulations', '10', '--json',
  ]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const answer = JSON.parse(run.stdout);
  expect(Object.keys(answer)).toEqual(
    expect.arrayContaining(['pDo', 'pBaseline', 'effect', 'ate', 'interval', 'method', 'adjustmentSet', 'estimand', 'refutations', 'certificate']),
  );
  expect(answer.method).toBe('backdoor');
  expect(answer.interval).toMatchObject({ level: 0.95, bootstrap: 50 });
  expect(answer.interval.ate[0]).toBeLessThan(answer.ate);
  expect(Object.keys(answer.refutations)).toEqual(['placeboTreatment', 'randomCommonCause', 'dataSubset']);
  expect(answer.certificate.dataSha256).toMatch(/^[0-9a-f]{64}$/);
  expect(answer.certificate.modelSha256).toMatch(/^[0-9a-f]{64}$/);
});

test.each([
  ['ragged CSV', ['--data', file('ragged.csv', 'Z,X,Y\nlow,1,0\nlow,1\n')], /^causeway: BAD_USER_INPUT \(data\): data line 3: 2 fields, expected 3/],
  ['unknown column', ['--data', file('extra.csv', 'Z,X,Y,Q\nlow,1,0,1\n')], /unknown column "Q"/],
  ['non-identifiable', ['--model', file('bow.json', JSON.stringify({ nodes: ['Z', 'X', 'Y'], edges: [{ from: 'X', to: 'Y' }], confounded: [['X', 'Y']] }))], /^causeway: NOT_IDENTIFIABLE: /],
  ['unknown state', ['--treatment', 'X=2'], /^causeway: INVALID_QUERY \(treatment\): "2" is not a state of "X"/],
  ['cyclic graph', ['--model', file('cycle.json', JSON.stringify({ nodes: ['Z', 'X', 'Y'], edges: [{ from: 'X', to: 'Y' }, { from: 'Y', to: 'X' }] }))], /^causeway: INVALID_MODEL: .*cycle/],
])('%s exits 1 with a typed message on stderr and nothing on stdout', async (_name, overrides, message) => {
  const args: Record<string, string> = { '--model': graph, '--data': data, '--treatment': 'X=1', '--outcome': 'Y=1' };
  for (let i = 0; i < overrides.length; i += 2) args[overrides[i]] = overrides[i + 1];
  const run = await runCli(['causal', 'estimate', ...Object.entries(args).flat(), '--bootstrap', '10', '--simulations', '0', '--json']);
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(message);
});

test.each([
  ['missing --outcome', ['causal', 'estimate', '--model', 'g.json', '--data', 'd.csv', '--treatment', 'X=1']],
  ['malformed assignment', ['causal', 'estimate', '--model', graph, '--data', data, '--treatment', 'X', '--outcome', 'Y=1']],
  ['unreadable data file', ['causal', 'estimate', '--model', graph, '--data', join(dir, 'absent.csv'), '--treatment', 'X=1', '--outcome', 'Y=1']],
  ['bad --bootstrap', ['causal', 'estimate', '--model', graph, '--data', data, '--treatment', 'X=1', '--outcome', 'Y=1', '--bootstrap', 'many']],
  ['fit without --out', ['causal', 'fit', '--model', graph, '--data', data]],
  ['fit with two priors', ['causal', 'fit', '--model', graph, '--data', data, '--out', join(dir, 'x.json'), '--alpha', '1', '--ess', '2']],
])('%s is a usage error: exit 2, nothing on stdout', async (_name, args) => {
  const run = await runCli(args);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
});
