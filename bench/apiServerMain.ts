/**
 * One HTTP server for api.bench.ts, in a process of its own so the load
 * generator's CPU is not the server's. argv[2]: `bare` (graphql-yoga with a
 * one-field schema, nothing else) or `full` (the Causeway stack built exactly
 * as `causeway serve` builds it: createApi with API keys, graphql-armor
 * limits, metrics, request ids and serve's info-level access log (createLogger,
 * asynchronous) on stderr, which the bench points at a file).
 *
 * Answers IPC messages: `{ op: 'mark' }` zeroes its counters; `{ op: 'read' }`
 * replies, once no request is in flight, with requests served, CPU µs per
 * request and the Cypher statements run (count and names) since the mark. Prints `{ url }` as its first message once listening.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { createApi } from '../src/api';
import { loadConfig } from '../src/config';
import { migrationVersion, openGraph } from '../src/graph';
import { createLogger } from '../src/util/logger';
import { CountingGraphClient } from '../test/helpers/CountingGraphClient';

async function main(): Promise<void> {
  const kind = process.argv[2];
  let counter: CountingGraphClient | undefined;
  let close = async () => {};
  let handler: Parameters<typeof createServer>[1];
  if (kind === 'bare') {
    handler = createYoga({ schema: createSchema({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } }), logging: false });
  } else if (kind === 'full') {
    const config = loadConfig();
    const logger = createLogger(config.logLevel, { sync: false }); // as `causeway serve` makes it
    const graph = await openGraph(config);
    counter = new CountingGraphClient(graph.client);
    handler = createApi({ graph: counter, config, logger, migrationVersion: () => migrationVersion(graph.client) });
    close = () => graph.close();
  } else throw new Error(`usage: apiServerMain.ts bare|full (got ${kind})`);

  const server = createServer(handler);
  let requests = 0;
  let inFlight = 0;
  server.on('request', (_request, response) => {
    requests += 1;
    inFlight += 1;
    response.once('close', () => (inFlight -= 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let cpu = process.cpuUsage();
  process.on('message', (message: { op: string }) => {
    if (message.op === 'mark') {
      requests = 0;
      cpu = process.cpuUsage();
      counter?.reset();
      process.send!({ op: 'marked' });
    } else if (message.op === 'read') {
      const used = process.cpuUsage(cpu);
      // Requests autocannon abandoned at the end may still be running: their statements count once they finish.
      void settled(() => inFlight === 0).then(() => {
        // Rendered templates are recorded by their first line, a comment: shortened for the table.
        const names = [...new Set(counter?.statements ?? [])].map((name) => (name.startsWith('//') ? `template "${name.slice(3, 43)}…"` : name));
        const statements = counter ? { count: counter.statements.length, names } : null;
        process.send!({ op: 'read', requests, cpuUsPerRequest: (used.user + used.system) / Math.max(1, requests), statements });
      });
    } else if (message.op === 'stop') {
      server.closeAllConnections();
      server.close(() => void close().then(() => process.exit(0)));
    }
  });
  process.send!({ op: 'listening', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` });
}

async function settled(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  for (const start = Date.now(); !done() && Date.now() - start < timeoutMs; ) await new Promise((resolve) => setTimeout(resolve, 10));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
