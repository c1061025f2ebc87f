import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { REPO_ROOT } from '../../helpers/runCli';

/**
 * Every node MERGE goes through a uniqueness constraint (docs/design.md): the
 * EXPLAIN plan of each knowledge-graph statement that MERGEs must find its
 * nodes with a unique index seek, never a label or all-nodes scan. Plans come
 * from the driver's result summary, which the GraphClient interface does not
 * expose, so this test talks to Neo4j directly.
 */
const DOMAINS = ['entities', 'relations', 'provenance', 'version', 'export'];

function mergeStatements(): [string, string][] {
  const found: [string, string][] = [];
  for (const domain of DOMAINS) {
    const dir = join(REPO_ROOT, 'cypher', domain);
    for (const file of readdirSync(dir).sort()) {
      const text = readFileSync(join(dir, file), 'utf8');
      if (!/\bMERGE\s*\(/.test(text)) continue;
      found.push([`${domain}/${file}`, text.replace(/\{\{type\}\}/g, '`CAUSES`').replace(/\{\{maxDepth\}\}/g, '3')]);
    }
  }
  return found;
}

type Plan = { operatorType: string; children: Plan[] };
const operators = (plan: Plan): string[] => [plan.operatorType, ...plan.children.flatMap(operators)];

let driver: Driver;

beforeAll(() => {
  driver = neo4j.driver(process.env.NEO4J_URI!, neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? ''));
});

afterAll(async () => {
  await driver.close();
});

const statements = mergeStatements();

it('finds the statements that MERGE', () => {
  expect(statements.map(([name]) => name)).toEqual(
    expect.arrayContaining(['entities/upsert-entities.cypher', 'relations/upsert-relations.template.cypher', 'provenance/upsert-documents.cypher', 'version/bump-graph-version.cypher']),
  );
});

it.each(statements)('%s seeks every MERGEd node through a unique index', async (_name, text) => {
  const session = driver.session();
  try {
    const result = await session.run(`EXPLAIN ${text}`, { rows: [], documents: [], mentions: [], ids: [], id: 'x', keep: 'x', drop: 'x', version: 1 });
    const ops = operators(result.summary.plan as unknown as Plan).map((op) => op.replace(/@.*$/, ''));
    expect(ops.some((op) => op.startsWith('Merge') || op.includes('Merge'))).toBe(true);
    expect(ops.some((op) => op.startsWith('NodeUniqueIndexSeek'))).toBe(true);
    expect(ops.filter((op) => /NodeByLabelScan|AllNodesScan|NodeIndexScan/.test(op))).toEqual([]);
  } finally {
    await session.close();
  }
});
