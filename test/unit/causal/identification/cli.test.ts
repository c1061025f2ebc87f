import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMainInProcess } from '../../../helpers/runMainInProcess';
import { verifyIdentificationCertificate } from '../../../../src/verify/identification';

const cli = (...args: string[]) => runMainInProcess(args);

const dir = mkdtempSync(join(tmpdir(), 'causeway-identify-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

const frontdoor = file('frontdoor.json', {
  nodes: ['X', 'M', 'Y'],
  edges: [{ from: 'X', to: 'M' }, { from: 'M', to: 'Y' }],
  confounded: [['X', 'Y']],
});
const bow = file('bow.json', { nodes: ['X', 'Y'], edges: [{ from: 'X', to: 'Y' }], confounded: [['X', 'Y']] });
const cptModel = file('cpt.json', {
  variables: [{ id: 'Z', states: ['z0', 'z1'] }, { id: 'X', states: ['x0', 'x1'] }, { id: 'Y', states: ['y0', 'y1'] }],
  cpts: [
    { variable: 'Z', parents: [], table: [[0.5, 0.5]] },
    { variable: 'X', parents: ['Z'], table: [[0.9, 0.1], [0.2, 0.8]] },
    { variable: 'Y', parents: ['X', 'Z'], table: [[0.9, 0.1], [0.5, 0.5], [0.4, 0.6], [0.1, 0.9]] },
  ],
  confounded: [],
});
const chain = file('chain.bif', 'variable A {\n}\nvariable B {\n}\nvariable C {\n}\nprobability ( B | A ) {\n}\nprobability ( C | B ) {\n}\n');
const cyclic = file('cyclic.json', { nodes: ['A', 'B'], edges: [{ from: 'A', to: 'B' }, { from: 'B', to: 'A' }] });

describe('causeway causal dsep / identify', () => {
  it('dsep prints exactly {"separated", "openPath"?}', async () => {
    const open = await cli('causal', 'dsep', '--model', frontdoor, '--x', 'X', '--y', 'Y', '--given', 'M', '--json');
    expect(open.code).toBe(0);
    expect(JSON.parse(open.stdout)).toEqual({ separated: false, openPath: ['X', 'Y'] });
    const closed = await cli('causal', 'dsep', '--model', frontdoor, '--x', 'M', '--y', 'Y', '--given', 'X', '--json');
    expect(JSON.parse(closed.stdout)).toEqual({ separated: false, openPath: ['M', 'Y'] });
    const separated = await cli('causal', 'dsep', '--model', chain, '--x', 'A', '--y', 'C', '--given', 'B', '--json');
    expect(separated.code).toBe(0);
    expect(JSON.parse(separated.stdout)).toEqual({ separated: true });
    const sets = await cli('causal', 'dsep', '--model', frontdoor, '--x', 'X', '--y', 'M', 'Y', '--json');
    expect(JSON.parse(sets.stdout)).toEqual({ separated: false, openPath: ['X', 'M'] });
  });

  it('identify prints the contract’s keys and a certificate that `verify` accepts', async () => {
    const result = await cli('causal', 'identify', '--model', frontdoor, '--treatment', 'X', '--outcome', 'Y', '--json');
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(Object.keys(doc)).toEqual(['identifiable', 'method', 'estimand', 'certificate']);
    expect(doc).toMatchObject({ identifiable: true, method: 'frontdoor', estimand: "Σ_{m} P(m|x) Σ_{x'} P(y|x',m) P(x')" });
    expect(doc.certificate.modelSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyIdentificationCertificate(doc)).toMatchObject({ valid: true });

    const adjusted = JSON.parse((await cli('causal', 'identify', '--model', cptModel, '--treatment', 'X', '--outcome', 'Y', '--json')).stdout);
    expect(adjusted).toMatchObject({ identifiable: true, method: 'backdoor', adjustmentSet: ['Z'], estimand: 'Σ_{z} P(y|x,z) P(z)' });
  });

  it('identify prints a hedge when the effect is not identifiable', async () => {
    const result = await cli('causal', 'identify', '--model', bow, '--treatment', 'X', '--outcome', 'Y', '--json');
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ identifiable: false, method: null, estimand: null, hedge: { roots: ['Y'] } });
    expect(verifyIdentificationCertificate(doc)).toMatchObject({ valid: true });
  });

  it('exit 1 with a typed message for invalid models and queries; nothing on stdout', async () => {
    const cycle = await cli('causal', 'identify', '--model', cyclic, '--treatment', 'A', '--outcome', 'B', '--json');
    expect(cycle).toMatchObject({ code: 1, stdout: '' });
    expect(cycle.stderr).toMatch(/INVALID_MODEL: .*cycle: (A -> B -> A|B -> A -> B)/);
    const unknown = await cli('causal', 'dsep', '--model', frontdoor, '--x', 'X', '--y', 'Nope', '--json');
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toMatch(/INVALID_QUERY \(y\): unknown variable "Nope"/);
    const same = await cli('causal', 'identify', '--model', frontdoor, '--treatment', 'X', '--outcome', 'X', '--json');
    expect(same.code).toBe(1);
  });

  it('exit 2 for usage mistakes', async () => {
    expect((await cli('causal', 'dsep', '--model', frontdoor, '--y', 'Y', '--json')).code).toBe(2);
    expect((await cli('causal', 'identify', '--model', join(dir, 'missing.json'), '--treatment', 'X', '--outcome', 'Y')).code).toBe(2);
  });
});
