/**
 * writeDerived's two batches in flight, against a fake client that answers
 * after a delay (the Cypher itself runs against the real Neo4j in
 * test/integration/rules): every row is written once, never more than two
 * batches run at a time, and a failed batch stops the rest and surfaces only
 * once no batch is still running.
 */
import type { GraphClient, GraphTransaction } from '../../../../src/graph';
import { BATCH_SIZE, writeDerived, type DerivedRow } from '../../../../src/services/rules/derivedStore';

function rows(count: number): DerivedRow[] {
  return Array.from({ length: count }, (_, k) => ({ id: `df-${k}`, relType: 'PATH', from: `n${k % 7}`, to: `n${k % 11}`, rule: 0, premises: [], props: { id: `df-${k}`, derived: true, ruleSet: 's', record: '[0,"r",["e"],[]]', derivation: null } }));
}

/** A write-only fake: each batch takes `delayMs`; `failOn` (1-based batch number) throws. */
function slowClient(delayMs: number, failOn?: number) {
  const state = { running: 0, peak: 0, started: 0, finishedAt: [] as number[], written: [] as string[] };
  const tx: GraphTransaction = {
    run: async () => [],
    runText: async (_text, params = {}) => {
      const batch = ++state.started;
      state.running += 1;
      state.peak = Math.max(state.peak, state.running);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      state.running -= 1;
      state.finishedAt.push(Date.now());
      if (batch === failOn) throw new Error(`batch ${batch} failed`);
      const batchRows = params.rows as Array<{ id: string }>;
      state.written.push(...batchRows.map((r) => r.id));
      return [{ written: batchRows.length }];
    },
  };
  const client = { write: (work: (t: GraphTransaction) => Promise<unknown>) => work(tx) } as unknown as GraphClient;
  return { client, state };
}

test('every row is written exactly once, two batches in flight at most', async () => {
  const input = rows(3 * BATCH_SIZE + 17);
  const { client, state } = slowClient(20);
  expect(await writeDerived(client, input)).toBe(input.length);
  expect(state.written.sort()).toEqual(input.map((r) => r.id).sort());
  expect(state.started).toBe(4);
  expect(state.peak).toBe(2);
});

test('a failed batch stops the others and is reported after the batch still running has finished', async () => {
  const input = rows(5 * BATCH_SIZE);
  const { client, state } = slowClient(20, 2);
  const failure = writeDerived(client, input).catch((error: Error) => ({ error, at: Date.now(), running: state.running }));
  const outcome = (await failure) as { error: Error; at: number; running: number };
  expect(outcome.error.message).toBe('batch 2 failed');
  expect(outcome.running).toBe(0);
  expect(state.started).toBeLessThan(5); // batches after the failure were not started
  expect(Math.max(...state.finishedAt)).toBeLessThanOrEqual(outcome.at);
});
