import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../helpers/runCli';

/** `causeway verify` re-checks `causal estimate` answers: identification, then the numbers from the count table. */
describe('verify on causal estimate answers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-estimate-verify-'));
  const graph = join(dir, 'frontdoor.json');
  const data = join(dir, 'observations.csv');

  beforeAll(() => {
    writeFileSync(graph, JSON.stringify({ nodes: ['X', 'M', 'Y'], edges: [{ from: 'X', to: 'M' }, { from: 'M', to: 'Y' }], confounded: [['X', 'Y']] }));
    // A seeded linear congruential generator: the data are the test's own, from a hidden confounder U.
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const lines = ['X,M,Y'];
    for (let i = 0; i < 4000; i++) {
      const u = random() < 0.5;
      const x = random() < (u ? 0.8 : 0.2);
      const m = random() < (x ? 0.7 : 0.1);
      const y = random() < 0.1 + 0.5 * Number(m) + 0.3 * Number(u);
      lines.push(`${Number(x)},${Number(m)},${Number(y)}`);
    }
    writeFileSync(data, lines.join('\n') + '\n');
  });

  it('accepts a genuine front-door estimate and rejects tampered counts, numbers and estimands', async () => {
    const estimate = await runCli([
      'causal', 'estimate', '--model', graph, '--data', data, '--treatment', 'X=1', '--control', 'X=0', '--outcome', 'Y=1',
      '--bootstrap', '20', '--simulations', '3', '--json',
    ]);
    expect(estimate.code).toBe(0);
    const answerFile = join(dir, 'answer.json');
    writeFileSync(answerFile, estimate.stdout);
    const valid = await runCli(['verify', answerFile]);
    expect(valid.code).toBe(0);
    expect(valid.stderr).toMatch(/front-door.*recomputed from the count table/);

    const tamper = async (change: (doc: any) => void, step: RegExp) => {
      const doc = JSON.parse(readFileSync(answerFile, 'utf8'));
      change(doc);
      const file = join(dir, 'tampered.json');
      writeFileSync(file, JSON.stringify(doc));
      const result = await runCli(['verify', file]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(step);
    };
    await tamper((d) => (d.certificate.table.counts[0] += 7), /step estimate/);
    await tamper((d) => (d.pDo += 0.01), /step result/);
    await tamper((d) => {
      d.certificate.identification.estimandTree = { kind: 'prob', head: ['Y'], given: ['X'] };
    }, /step identification/);
  });
});
