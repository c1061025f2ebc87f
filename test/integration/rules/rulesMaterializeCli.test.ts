import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMainInProcess } from '../../helpers/runMainInProcess';
import type { OpenGraph } from '../../../src/graph';
import { openTestGraph } from '../../helpers/testGraph';
import { RuleFixture } from './ruleFixture';

let graph: OpenGraph;
beforeAll(async () => {
  graph = await openTestGraph();
});
afterAll(async () => {
  await graph?.close();
});

/** In-process; the command opens its own connection from NEO4J_URI. */
const cli = (args: string[]) => runMainInProcess(args);

it('causeway rules materialize --rules FILE stores the set and materialises it; --set runs a stored one', async () => {
  const fixture = new RuleFixture(graph);
  await fixture.entities(3);
  await fixture.addEdges([[0, 1], [1, 2]]);
  const file = join(mkdtempSync(join(tmpdir(), 'causeway-rules-cli-')), 'chain.dl');
  writeFileSync(file, `reaches(X, Y) :- ${fixture.edge}(X, Y).\nreaches(X, Z) :- reaches(X, Y), ${fixture.edge}(Y, Z).\n`);
  const name = fixture.ruleSet('cli');
  const first = await cli(['rules', 'materialize', '--rules', file, '--name', name, '--json']);
  expect(first.code).toBe(0);
  expect(JSON.parse(first.stdout)).toMatchObject({ ruleSet: name, mode: 'full', derivedFacts: 3, written: 3 });
  const again = await cli(['rules', 'materialize', '--set', name, '--json']);
  expect(again.code).toBe(0);
  expect(JSON.parse(again.stdout)).toMatchObject({ ruleSet: name, derivedFacts: 3 });
  expect(await fixture.storedFacts(name)).toHaveLength(3);

  expect((await cli(['rules', 'materialize', '--json'])).code).toBe(2);
  expect((await cli(['rules', 'materialize', '--set', `${name}-missing`, '--json'])).stderr).toMatch(/NOT_FOUND/);
  writeFileSync(file, 'p(X) :- q(Y).\n');
  const bad = await cli(['rules', 'materialize', '--rules', file, '--name', name, '--json']);
  expect(bad).toMatchObject({ code: 1 });
  expect(bad.stderr).toMatch(/BAD_USER_INPUT.*DL002/);
  await fixture.rules.delete(name);
});
