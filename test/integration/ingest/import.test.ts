import { join } from 'node:path';
import { writeFileSync, readFileSync } from 'node:fs';
import type { OpenGraph } from '../../../src/graph';
import { formatOf, importSources, type ImportSource } from '../../../src/ingest';
import { createKnowledgeGraph, type KnowledgeGraph } from '../../../src/services/kg';
import { openTestGraph } from '../../helpers/testGraph';
import { materialise, snapshot, uniqueTag } from './ingestFixtures';

let graph: OpenGraph;
let kg: KnowledgeGraph;

beforeAll(async () => {
  graph = await openTestGraph();
  kg = createKnowledgeGraph(graph.client);
});
afterAll(() => graph.close());

const sources = (dir: string, files: string[]): ImportSource[] =>
  files.map((file) => ({ name: join(dir, file), content: readFileSync(join(dir, file), 'utf8'), format: formatOf(file) }));
const run = (list: ImportSource[], options: { strict?: boolean; dryRun?: boolean } = {}) => importSources(kg, list, { assertedBy: 'test', batchSize: 2, ...options });
const ALL = ['facts.jsonl', 'entities.csv', 'relations.csv', 'notes/a.txt', 'notes/b.md', 'notes/c.html'];

describe('structured import and text ingestion', () => {
  it('imports every format, and a second import changes neither the graph nor its version', async () => {
    const tag = uniqueTag();
    const dir = materialise(tag);
    const first = await run(sources(dir, ALL));
    expect(first.errors).toEqual([]);
    expect(first.written).toBe(true);
    expect(first.entities.created).toBeGreaterThanOrEqual(5 + 10);
    expect(first.documents.created).toBe(4);

    const graphAfter = await snapshot(graph.client, tag);
    const byId = new Map(graphAfter.relations.map((r) => [String(r.id), r]));
    expect(byId.get(`${tag}:r1`)).toMatchObject({ type: 'CAUSES', from: `${tag}:smoking`, to: `${tag}:lung-cancer`, strength: 0.8, evidenceCount: 1, evidence: [[`${tag}:doc1#s0`, 0.8]] });
    expect(byId.get(`${tag}:r2`)).toMatchObject({ type: 'PREVENTS', strength: 0.3, source: 'asserted' });
    expect(byId.get(`${tag}:r3`)).toMatchObject({ type: 'CAUSES', from: `${tag}:radon`, strength: 0.4, confidence: 0.9 });
    expect(graphAfter.entities.find((e) => e.id === `${tag}:radon`)).toMatchObject({ aliases: ['radon gas', 'Rn'], description: 'A radioactive gas, "odourless"', baseRate: 0.05 });
    // Text: "smoking causes lung cancer" is stated in a.txt and b.md: one relation, two sentences, noisy-OR strength.
    const smoking = graphAfter.relations.find((r) => r.from === `n:${tag}-smoking` && r.to === `n:${tag}-lung-cancer`)!;
    expect(smoking).toMatchObject({ type: 'CAUSES', source: 'extracted', evidenceCount: 2 });
    const [c1, c2] = (smoking.evidence as [string, number][]).map(([, c]) => c);
    expect(smoking.strength).toBeCloseTo(1 - (1 - c1!) * (1 - c2!), 12);
    expect(graphAfter.relations.some((r) => r.type === 'PREVENTS' && r.from === `n:${tag}-vaccination` && r.to === `n:${tag}-measle`)).toBe(true);
    // Negation: "aspirin does not cause asthma" yields no edge; a hedge still yields one.
    expect(graphAfter.relations.some((r) => r.from === `n:${tag}-aspirin`)).toBe(false);
    expect(graphAfter.relations.some((r) => r.from === `n:${tag}-stress`)).toBe(true);
    expect(graphAfter.duplicates).toEqual([]);

    // The database is shared with other test files, so the version's stillness is checked in
    // faults.test.ts on a Neo4j of its own; here: nothing was written and the facts are the same.
    const second = await run(sources(dir, ALL));
    expect(second.errors).toEqual([]);
    expect(second.entities.created + second.entities.updated + second.relations.created + second.relations.updated + second.documents.created).toBe(0);
    expect(second.documents.unchanged).toBe(4);
    expect(await snapshot(graph.client, tag)).toEqual(graphAfter);
  });

  it('reports each bad line with file, line and reason and imports the rest', async () => {
    const tag = uniqueTag();
    const dir = materialise(tag);
    const summary = await run(sources(dir, ['bad.jsonl']));
    const file = join(dir, 'bad.jsonl');
    expect(summary.errors.map((e) => [e.file, e.line])).toEqual([
      [file, 2],
      [file, 3],
      [file, 4],
      [file, 5],
      [file, 6],
    ]);
    expect(summary.errors[0]!.reason).toMatch(/already given at .*bad\.jsonl:1/);
    expect(summary.errors[1]!.reason).toMatch(/not valid JSON/);
    expect(summary.errors[2]!.reason).toMatch(/entity ".*:nowhere", which|entity ".*:nowhere" is neither/);
    expect(summary.errors[3]!.reason).toMatch(/evidence sentence ".*:nodoc#s0"/);
    expect(summary.errors[4]!.reason).toMatch(/mention refers to entity ".*:ghost"/);
    const after = await snapshot(graph.client, tag);
    expect(after.entities.map((e) => [e.id, e.name])).toEqual([
      [`${tag}:ok1`, 'Fine'],
      [`${tag}:ok2`, 'Also fine'],
    ]);
    expect(after.relations.map((r) => r.id)).toEqual([`${tag}:rgood`]);
    expect(after.documents).toEqual([]);
  });

  it('writes nothing at all under strict when a line is bad, and nothing under dry-run', async () => {
    const tag = uniqueTag();
    const dir = materialise(tag);
    const strict = await run(sources(dir, ['facts.jsonl', 'bad.jsonl']), { strict: true });
    expect(strict.written).toBe(false);
    expect(strict.errors).toHaveLength(5);
    const dry = await run(sources(dir, ALL), { dryRun: true });
    expect(dry.written).toBe(false);
    expect(dry.errors).toEqual([]);
    expect(dry.records).toBeGreaterThan(20);
    expect(await snapshot(graph.client, tag)).toEqual({ entities: [], relations: [], documents: [], duplicates: [] });
  });

  it('replaces a changed document and retracts what only its old version supported', async () => {
    const tag = uniqueTag();
    const dir = materialise(tag);
    const a = join(dir, 'notes', 'a.txt');
    const b = join(dir, 'notes', 'b.md');
    await run(sources(dir, ['notes/a.txt', 'notes/b.md']));
    const before = await snapshot(graph.client, tag);
    const pair = (from: string, to: string) => (r: Record<string, unknown>) => r.from === `n:${tag}-${from}` && r.to === `n:${tag}-${to}`;
    expect(before.relations.filter(pair('exercise', 'heart-disease'))).toHaveLength(1);
    expect(before.relations.find(pair('smoking', 'lung-cancer'))).toMatchObject({ evidenceCount: 2 });

    // New a.txt keeps the smoking sentence only: the exercise and stress claims were only a.txt's.
    writeFileSync(a, `${tag} smoking causes ${tag} lung cancer.\n`);
    const summary = await run(sources(dir, ['notes/a.txt', 'notes/b.md']));
    expect(summary.documents).toEqual({ created: 0, unchanged: 1, replaced: 1 });
    expect(summary.retractedRelations).toBe(2);
    const after = await snapshot(graph.client, tag);
    expect(after.relations.filter(pair('exercise', 'heart-disease'))).toEqual([]);
    expect(after.relations.filter(pair('stress', 'migraine'))).toEqual([]);
    const smoking = after.relations.find(pair('smoking', 'lung-cancer'))!;
    expect(smoking).toMatchObject({ evidenceCount: 2 });
    expect(after.relations.find(pair('radon-exposure', 'lung-cancer'))).toBeDefined();
    expect(after.documents.find((d) => d.uri === a)!.sentences).toHaveLength(1);
    expect(after.documents.find((d) => d.uri === b)).toEqual(before.documents.find((d) => d.uri === b));
    expect(after.duplicates).toEqual([]);
  });
});
