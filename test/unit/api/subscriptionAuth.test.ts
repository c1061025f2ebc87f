import { RecordingGraphClient } from '../../helpers/RecordingGraphClient';
import { testApi } from '../../helpers/apiHarness';

/** Subscriptions skip onExecute: the auth plugin must check them in onSubscribe too. */
describe('authorization of subscriptions', () => {
  it('refuses a subscription without credentials off loopback, before any resolver runs', async () => {
    const graph = new RecordingGraphClient({});
    const api = testApi(graph, { host: '0.0.0.0' });
    const response = await api.fetch('http://127.0.0.1/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { jobRunProgress(runId: "run-1") { id status } }' }),
    });
    const text = await response.text();
    const payloads = text
      .split('\n\n')
      .map((block) => block.split('\n').find((line) => line.startsWith('data:')))
      .filter((line): line is string => Boolean(line && line.trim() !== 'data:'))
      .map((line) => JSON.parse(line.slice(5)) as { errors?: { extensions?: { code?: string } }[] });
    expect(payloads.flatMap((p) => p.errors ?? []).map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(graph.seen).toEqual([]);
  });
});
