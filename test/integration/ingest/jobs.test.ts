import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenGraph } from '../../../src/graph';
import { JobStore, newOwnerId, parseJobDefinition, runJob, type JobDefinition } from '../../../src/ingest';
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

function jobFor(tag: string, dir: string): JobDefinition {
  return parseJobDefinition({
    name: `it-${tag}`,
    schedule: '0 0 1 1 *',
    source: { kind: 'glob', pattern: join(dir, '{facts.jsonl,entities.csv,relations.csv,notes/*}') },
    options: { leaseTtlMs: 5000, maxRetries: 2, retryBaseMs: 10 },
  });
}

describe('ingestion jobs', () => {
  it('lets exactly one of several racing workers run a job', async () => {
    const tag = uniqueTag();
    const job = jobFor(tag, materialise(tag));
    const store = new JobStore(graph.client, [job]);
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => runJob(kg, store, job, { owner: newOwnerId() })));
    expect(outcomes.filter((o) => o.status === 'ran')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'skipped')).toHaveLength(3);
    const runs = await store.runs(job.name, 10);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'succeeded', itemsDone: 6, itemsTotal: 6, resumes: 0 });
    expect(runs[0]!.counts).toMatchObject({ items: 6, skipped: 0, documentsCreated: 4 });
    expect(runs[0]!.durationMs).toBeGreaterThan(0);
  });

  it('skips unchanged items by SHA-256 and re-ingests a changed one, retracting its old facts', async () => {
    const tag = uniqueTag();
    const dir = materialise(tag);
    const job = jobFor(tag, dir);
    const store = new JobStore(graph.client, [job]);
    const owner = newOwnerId();
    await runJob(kg, store, job, { owner });
    const before = await snapshot(graph.client, tag);
    const again = await runJob(kg, store, job, { owner });
    expect(again.status === 'ran' && again.run.counts).toMatchObject({ items: 6, skipped: 6, documentsCreated: 0 });
    expect(await snapshot(graph.client, tag)).toEqual(before);

    writeFileSync(join(dir, 'notes', 'c.html'), `<p>${tag} vaccination prevents ${tag} measles.</p>`);
    const changed = await runJob(kg, store, job, { owner });
    expect(changed.status === 'ran' && changed.run.counts).toMatchObject({ items: 6, skipped: 5, documentsReplaced: 1, retractedRelations: 1 });
    const after = await snapshot(graph.client, tag);
    expect(after.relations.some((r) => r.from === `n:${tag}-rubeola-virus`)).toBe(false);
    expect(after.relations.some((r) => r.from === `n:${tag}-vaccination`)).toBe(true);
  });

  it('records bad lines of an item in the run and finishes as partial', async () => {
    const tag = uniqueTag();
    const dir = materialise(tag);
    const job = parseJobDefinition({ name: `it-bad-${tag}`, schedule: '@daily', source: { kind: 'file', path: join(dir, 'bad.jsonl') } });
    const store = new JobStore(graph.client, [job]);
    const outcome = await runJob(kg, store, job, { owner: newOwnerId() });
    expect(outcome.status === 'ran' && outcome.run.status).toBe('partial');
    expect(outcome.status === 'ran' && outcome.run.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6]);
  });

  it('defines jobs through the store and refuses to shadow a file-defined one', async () => {
    const tag = uniqueTag();
    const fileJob = jobFor(tag, '/tmp');
    const store = new JobStore(graph.client, [fileJob]);
    const defined = await store.define({ name: `api-${tag}`, schedule: '*/10 * * * *', source: { kind: 'url', url: 'https://example.org/feed.jsonl' } }, 'test');
    expect((await store.get(`api-${tag}`)).source).toEqual(defined.source);
    await expect(store.define({ ...fileJob }, 'test')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(store.define({ name: `api-${tag}`, schedule: 'nope', source: { kind: 'file', path: '/x' } }, 'test')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
