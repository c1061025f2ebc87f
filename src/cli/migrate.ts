import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, projectRoot } from '../config';
import { migrate, openGraph } from '../graph';
import { runAction } from './runAction';

const toStderr = (line: string) => process.stderr.write(`${line}\n`);

/** `causeway migrate`: applies pending migrations; prints {"applied": [...], "version"} on stdout. */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending schema migrations from migrations/ to Neo4j')
    .option('--dir <path>', 'migrations directory', join(projectRoot(), 'migrations'))
    .action(
      runAction(async (options: { dir: string }) => {
        const graph = await openGraph(loadConfig(), { log: toStderr });
        try {
          const report = await migrate(graph.client, options.dir, { log: toStderr });
          toStderr(report.applied.length ? `applied ${report.applied.length} migration(s)` : 'nothing to apply: the database is up to date');
          process.stdout.write(JSON.stringify({ applied: report.applied, version: report.currentVersion }) + '\n');
        } finally {
          await graph.close();
        }
      }),
    );
}
