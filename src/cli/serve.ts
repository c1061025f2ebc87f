import { createServer } from 'node:http';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createApi, ensureAdminKey } from '../api';
import { loadConfig, projectRoot } from '../config';
import { migrate, migrationVersion, openGraph } from '../graph';
import { GroundingService } from '../services/grounding';
import { JobScheduler, jobStoreFromEnv } from '../ingest';
import { loadDemoGraphIfEmpty } from '../services/demo';
import { createKnowledgeGraph } from '../services/kg';
import { createLogger } from '../util/logger';
import { runAction } from './runAction';

/**
 * `causeway serve`: opens the graph (starting the embedded Neo4j when
 * NEO4J_URI is unset), migrates before it listens, then serves the API until
 * SIGTERM/SIGINT, when it drains HTTP, closes the driver and stops Neo4j.
 */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('migrate, then serve the GraphQL API with GraphiQL (default http://127.0.0.1:4000/graphql)')
    .option('--no-demo', 'do not load the demo graph into an empty database')
    .option('--no-jobs', 'do not run scheduled ingestion jobs in this process (run `causeway jobs worker` elsewhere)')
    .action(
      runAction(async (options: { demo: boolean; jobs: boolean }) => {
        const config = loadConfig();
        // Asynchronous: one access-log line per request should not cost a write system call each.
        const logger = createLogger(config.logLevel, { sync: false });
        const graph = await openGraph(config, { log: (line) => logger.info(line) });
        try {
          const report = await migrate(graph.client, join(projectRoot(), 'migrations'), { log: (line) => logger.info(line) });
          logger.info({ applied: report.applied, version: report.currentVersion }, 'migrations up to date');
          // An empty database gets a small demo graph, so GraphiQL has something to explore.
          if (!options.demo) logger.info('demo graph disabled (--no-demo)');
          else {
            const demo = await loadDemoGraphIfEmpty(graph.client);
            if (demo.loaded) logger.info(demo, 'loaded the demo graph into the empty database');
          }
        } catch (error) {
          await graph.close();
          throw error;
        }

        // The embedded default gets an admin key of its own, kept 0600 under CAUSEWAY_HOME.
        const adminKey = config.neo4jUri ? undefined : ensureAdminKey(config.home);
        if (adminKey?.created) logger.warn({ path: adminKey.path }, `generated an admin API key: read it from ${adminKey.path}`);

        // Entities upserted through the API are embedded in the background (docs/grounding-graph.md).
        const grounding = new GroundingService(graph.client, {
          queue: { onError: (err, ids) => logger.warn({ err, entities: ids.length }, 'background embedding failed: `causeway grounding backfill` catches up') },
        });
        const api = createApi({
          graph: graph.client,
          config,
          logger,
          migrationVersion: () => migrationVersion(graph.client),
          extraApiKeys: adminKey ? [adminKey.key] : [],
          grounding,
        });
        // Scheduled ingestion jobs run here too (leases keep one runner per job across replicas).
        const scheduler = options.jobs ? new JobScheduler(createKnowledgeGraph(graph.client), jobStoreFromEnv(graph.client), { log: (line) => logger.info(line) }) : undefined;
        await scheduler?.start();

        const server = createServer(api);
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(config.http.port, config.http.host, resolve);
        });
        const url = `http://${config.http.host}:${config.http.port}/graphql`;
        logger.info({ url, neo4j: graph.uri }, `Causeway is serving GraphQL and GraphiQL at ${url}`);
        // Entities written by other paths (ingest, import, demo) or under another model get embedded in the background.
        const stopBackfill = new AbortController();
        const backfill = grounding.embedder
          .backfill({ signal: stopBackfill.signal, pageSize: 64 })
          .then((report) => logger.info(report, 'entity embeddings up to date'))
          .catch((err: unknown) => stopBackfill.signal.aborted || logger.warn({ err }, 'embedding backfill failed'));

        await new Promise<void>((resolve) => {
          const shutdown = (signal: string) => {
            logger.info({ signal }, 'shutting down');
            server.close(() => resolve());
            server.closeAllConnections();
          };
          process.once('SIGTERM', () => shutdown('SIGTERM'));
          process.once('SIGINT', () => shutdown('SIGINT'));
        });
        stopBackfill.abort();
        await backfill;
        await grounding.close();
        await scheduler?.stop();
        await graph.close();
      }),
    );
}
