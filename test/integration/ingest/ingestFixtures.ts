import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { GraphClient } from '../../../src/graph';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'ingest');

/** A tag no other test uses: lower-case letters and digits, so it reads as a word in text. */
export function uniqueTag(): string {
  return `q${randomBytes(4).toString('hex')}`;
}

/** Copies test/fixtures/ingest with {{tag}} replaced, so each test owns its ids in the shared database. */
export function materialise(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ingest-${tag}-`));
  cpSync(FIXTURES, dir, { recursive: true });
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const file = join(path, name);
      if (statSync(file).isDirectory()) walk(file);
      else writeFileSync(file, readFileSync(file, 'utf8').replaceAll('{{tag}}', tag));
    }
  };
  walk(dir);
  return dir;
}

/**
 * Everything the graph holds about one tag's facts, without timestamps or
 * authors (which differ from run to run): entities, relations with their
 * evidence, documents with sentences and mentions. Sorted, so two graphs
 * with the same facts give equal snapshots.
 */
export async function snapshot(graph: GraphClient, tag: string) {
  return graph.read(async (tx) => {
    const entities = await tx.runText(
      `MATCH (e:Entity) WHERE e.id CONTAINS $tag
       RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases, e.baseRate AS baseRate, e.description AS description ORDER BY id`,
      { tag },
    );
    const relations = await tx.runText(
      `MATCH (a:Entity)-[r]->(b:Entity) WHERE a.id CONTAINS $tag OR b.id CONTAINS $tag
       OPTIONAL MATCH (s:Sentence)-[sup:SUPPORTS]->(:Assertion {id: r.id})
       WITH a, r, b, s, sup ORDER BY s.id
       RETURN r.id AS id, type(r) AS type, a.id AS from, b.id AS to, r.strength AS strength, r.confidence AS confidence,
              r.source AS source, r.evidenceCount AS evidenceCount, collect([s.id, sup.confidence]) AS evidence
       ORDER BY id`,
      { tag },
    );
    const documents = await tx.runText(
      `MATCH (d:Document) WHERE d.id CONTAINS $tag OR d.uri CONTAINS $tag
       OPTIONAL MATCH (d)-[:HAS_SENTENCE]->(s:Sentence)
       OPTIONAL MATCH (s)-[:HAS_MENTION]->(m:Mention)-[:REFERS_TO]->(e:Entity)
       WITH d, s, m, e ORDER BY s.idx, m.id
       WITH d, s, collect([m.id, e.id]) AS mentions
       RETURN d.id AS id, d.uri AS uri, d.sha256 AS sha256, collect([s.id, s.text, s.start, s.end, mentions]) AS sentences
       ORDER BY id`,
      { tag },
    );
    const duplicates = await tx.runText(
      `MATCH ()-[r]->() WHERE r.id IS NOT NULL AND (r.id CONTAINS $tag OR r.id STARTS WITH 'x:')
       WITH r.id AS id, count(*) AS copies WHERE copies > 1 RETURN id, copies`,
      { tag },
    );
    return { entities, relations, documents, duplicates };
  });
}

/** The graph version as the services count it. */
export async function graphVersion(graph: GraphClient): Promise<number> {
  const rows = await graph.readQuery('version/read-graph-version');
  return Number(rows[0]?.graphVersion ?? 0);
}
