import { randomBytes } from 'node:crypto';
import type { OpenGraph } from '../../../src/graph';
import { compile, evaluate, type Constant, type Program } from '../../../src/rules';
import { createKnowledgeGraph, type KnowledgeGraph } from '../../../src/services/kg';
import { derivedFactId, RuleService, type PremiseRef } from '../../../src/services/rules';
import { decodeDerivation, storedRecordOf } from '../../../src/services/rules/derivationRecord';

/**
 * What one test owns in the shared database: entity ids, a relationship type
 * and rule-set names with a random prefix, so nothing it reads or writes
 * overlaps another test file's data.
 */
export class RuleFixture {
  readonly tag = randomBytes(4).toString('hex');
  /** The relationship type of this test's edges, and the predicate that reads it. */
  readonly edgeType = `E_${this.tag.toUpperCase()}`;
  readonly edge = `e_${this.tag}`;
  readonly kg: KnowledgeGraph;
  readonly rules: RuleService;
  readonly writer = { assertedBy: 'test:rules' };

  constructor(readonly graph: OpenGraph) {
    this.kg = createKnowledgeGraph(graph.client);
    this.rules = new RuleService(graph.client);
  }

  node = (i: number | string): string => `rt-${this.tag}-${i}`;
  ruleSet = (name: string): string => `rt-${this.tag}-${name}`;

  async entities(count: number, type = 'Thing'): Promise<void> {
    await this.kg.entities.upsert(
      Array.from({ length: count }, (_, i) => ({ id: this.node(i), name: `node ${i}`, type })),
      this.writer,
    );
  }

  edgeId = (from: number, to: number): string => `rt-${this.tag}-e${from}-${to}`;

  async addEdges(edges: Array<[number, number]>): Promise<void> {
    if (edges.length === 0) return;
    await this.kg.relations.upsert(
      edges.map(([a, b]) => ({ id: this.edgeId(a, b), type: this.edgeType, from: this.node(a), to: this.node(b) })),
      this.writer,
    );
  }

  async deleteEdges(edges: Array<[number, number]>): Promise<void> {
    if (edges.length > 0) await this.kg.relations.delete(edges.map(([a, b]) => this.edgeId(a, b)), this.writer);
  }

  /** Every derived fact the rule set has stored (nodes, and relationships out of this test's entities), decoded under the set's program. */
  async storedFacts(ruleSet: string): Promise<Array<{ id: string; predicate: string; args: Constant[]; premises: PremiseRef[]; relationship: boolean }>> {
    const { rows, text } = await this.graph.client.read(async (tx) => ({
      rows: await tx.runText(
        `MATCH (n:DerivedFact {ruleSet: $name})
         RETURN n.id AS id, n.ruleSet AS ruleSet, n.predicate AS predicate, n.args AS args, n.record AS record, n.derivation AS derivation, null AS from, null AS to, null AS strength, null AS relType
         UNION ALL
         MATCH (a:Entity)-[r]->(b) WHERE a.id STARTS WITH $prefix AND r.ruleSet = $name AND r.derived = true
         RETURN r.id AS id, r.ruleSet AS ruleSet, null AS predicate, null AS args, r.record AS record, r.derivation AS derivation, a.id AS from, b.id AS to, r.strength AS strength, type(r) AS relType`,
        { name: ruleSet, prefix: `rt-${this.tag}-` },
      ),
      text: (await tx.runText('MATCH (s:RuleSet {name: $name}) RETURN s.text AS text', { name: ruleSet }))[0]?.text,
    }));
    if (rows.length === 0) return [];
    if (typeof text !== 'string') throw new Error(`derived facts of ${ruleSet} outlive their rule set`);
    const program = compiled(text);
    return rows.map((row) => {
      const relType = row.relType === null ? null : String(row.relType);
      const { fact, premises } = decodeDerivation(program, storedRecordOf(row, relType));
      return { id: String(row.id), predicate: fact.predicate, args: fact.args, premises, relationship: relType !== null };
    });
  }
}

export function compiled(text: string): Program {
  const result = compile(text);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

/** From scratch, in memory: the derived facts (ids as the service names them) of a program over the test's edges. */
export function expectedDerived(fixture: RuleFixture, ruleSet: string, text: string, input: Map<string, Constant[][]>): Map<string, string> {
  const program = compiled(text);
  const evaluation = evaluate(program, input);
  const given = new Set([...input].flatMap(([p, tuples]) => tuples.map((t) => JSON.stringify([p, ...t]))));
  const out = new Map<string, string>();
  for (const key of program.derived) {
    const predicate = key.slice(0, key.lastIndexOf('/'));
    for (const args of evaluation.facts(key)) {
      if (given.has(JSON.stringify([predicate, ...args]))) continue;
      out.set(derivedFactId(ruleSet, { predicate, args }), JSON.stringify([predicate, ...args]));
    }
  }
  return out;
}
