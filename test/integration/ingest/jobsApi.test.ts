import { join } from 'node:path';
import type { CausewayApi } from '../../../src/api';
import type { OpenGraph } from '../../../src/graph';
import { ADMIN_KEY, codesOf, gql, testApi, WRITER_KEY } from '../../helpers/apiHarness';
import { openTestGraph } from '../../helpers/testGraph';
import { materialise, uniqueTag } from './ingestFixtures';

let graph: OpenGraph;
let api: CausewayApi;
const admin = { 'x-api-key': ADMIN_KEY };

beforeAll(async () => {
  graph = await openTestGraph();
  api = testApi(graph.client);
});
afterAll(() => graph.close());

const DEFINE = `mutation($job: JobInput!) { defineJob(job: $job) { name schedule source { kind pattern } options nextRunAt lastRun { id } } }`;
const RUN = `mutation($name: String!) { runJob(name: $name) { started reason run { id status } } }`;

describe('jobs over GraphQL', () => {
  it('defines a job (admin only), runs it, streams its progress over SSE and lists its runs', async () => {
    const tag = uniqueTag();
    const dir = materialise(tag);
    const job = { name: `gql-${tag}`, schedule: '0 3 * * *', source: { kind: 'glob', pattern: join(dir, 'notes/*') }, options: { leaseTtlMs: 5000 } };

    expect(codesOf(await gql(api, DEFINE, { job }, { 'x-api-key': WRITER_KEY }))).toEqual(['FORBIDDEN']);
    const bad = await gql(api, DEFINE, { job: { ...job, schedule: 'sometimes' } }, admin);
    expect(codesOf(bad)).toEqual(['BAD_USER_INPUT']);
    const defined = await gql(api, DEFINE, { job }, admin);
    expect(defined.body.errors).toBeUndefined();
    expect(defined.body.data!.defineJob).toMatchObject({ name: job.name, schedule: '0 3 * * *', source: { kind: 'glob' }, options: { leaseTtlMs: 5000, strict: false }, lastRun: null });
    expect(Date.parse(defined.body.data!.defineJob.nextRunAt)).toBeGreaterThan(Date.now());

    const listed = await gql(api, `{ jobs { name } job(name: "${job.name}") { name source { pattern } } }`, {}, admin);
    expect(listed.body.data!.jobs.map((j: { name: string }) => j.name)).toContain(job.name);
    expect(listed.body.data!.job.source.pattern).toBe(job.source.pattern);

    const started = await gql(api, RUN, { name: job.name }, admin);
    expect(started.body.errors).toBeUndefined();
    expect(started.body.data!.runJob).toMatchObject({ started: true, run: { status: 'running' } });
    const runId = started.body.data!.runJob.run.id as string;

    const events = await subscribe(`subscription($id: ID!) { jobRunProgress(runId: $id) { id status itemsDone itemsTotal counts { documentsCreated } } }`, { id: runId });
    const last = events[events.length - 1]!;
    expect(last).toMatchObject({ id: runId, status: 'succeeded', itemsDone: 3, itemsTotal: 3, counts: { documentsCreated: 3 } });
    const done = events.map((e) => e.itemsDone as number);
    expect([...done].sort((a, b) => a - b)).toEqual(done);

    const runs = await gql(api, `{ runs(job: "${job.name}", first: 5) { id status counts { items } errors { file } } }`, {}, admin);
    expect(runs.body.data!.runs).toEqual([{ id: runId, status: 'succeeded', counts: { items: 3 }, errors: [] }]);
  });

  it('answers NOT_FOUND for an unknown job', async () => {
    expect(codesOf(await gql(api, RUN, { name: 'no-such-job-anywhere' }, admin))).toEqual(['NOT_FOUND']);
  });
});

/** Reads a subscription's SSE stream to its end; returns each event's payload. */
async function subscribe(query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const response = await api.fetch('http://127.0.0.1/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...admin },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  const events: Record<string, unknown>[] = [];
  for (const block of text.split('\n\n')) {
    const data = block.split('\n').find((line) => line.startsWith('data:'));
    if (!data || data.trim() === 'data:') continue;
    const payload = JSON.parse(data.slice(5)) as { data?: { jobRunProgress: Record<string, unknown> }; errors?: unknown };
    if (payload.errors) throw new Error(JSON.stringify(payload.errors));
    if (payload.data) events.push(payload.data.jobRunProgress);
  }
  return events;
}
