import { Neo4jError } from 'neo4j-driver';
import { openTestGraph } from '../../helpers/testGraph';
import type { OpenGraph } from '../../../src/graph';

let graph: OpenGraph;
beforeAll(async () => {
  graph = await openTestGraph();
});
afterAll(() => graph.close());

describe('GraphClient over the real Neo4j', () => {
  it('reports the server version and edition', async () => {
    const info = await graph.client.serverInfo();
    expect(info.version).toMatch(/^5\.26\./);
    expect(info.edition).toBe('community');
  });

  it('retries a transaction whose work fails with a transient error', async () => {
    let attempts = 0;
    const value = await graph.client.write(async (tx) => {
      attempts += 1;
      const rows = await tx.runText('RETURN 41 + 1 AS answer');
      if (attempts === 1) throw new Neo4jError('simulated deadlock', 'Neo.TransientError.Transaction.DeadlockDetected', '', '');
      return rows[0].answer;
    });
    expect(value).toBe(42);
    expect(attempts).toBe(2);
  });

  it('does not retry a client error', async () => {
    let attempts = 0;
    await expect(
      graph.client.write(async (tx) => {
        attempts += 1;
        return tx.runText('RETURN $missing.property AS x FROM nowhere');
      }),
    ).rejects.toThrow(/Invalid input|SyntaxError|syntax/i);
    expect(attempts).toBe(1);
  });

  it('passes values as parameters and converts integers to numbers', async () => {
    const rows = await graph.client.read((tx) => tx.runText('RETURN $text AS text, 7 AS seven', { text: "it's \"quoted\"" }));
    expect(rows).toEqual([{ text: "it's \"quoted\"", seven: 7 }]);
  });

  it('cancels a transaction whose time limit passes', async () => {
    await expect(
      graph.client.read((tx) => tx.runText('UNWIND range(1, 100000000) AS i WITH i WHERE i % 7 = 99 RETURN count(i)'), { timeoutMs: 200 }),
    ).rejects.toMatchObject({ code: 'TIMEOUT' });
  });
});
