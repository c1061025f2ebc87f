import type { Command } from 'commander';
import { loadConfig } from '../config';

import { isProcessAlive, readServerRecord, removeServerRecord, startLocalNeo4j, stopProcess, writeServerRecord } from '../graph';
import { EXIT_FAILURE, EXIT_OK } from './exitCodes';
import { runAction } from './runAction';

const toStderr = (line: string) => process.stderr.write(`${line}\n`);

/** `causeway neo4j start|stop|status`: the embedded default as a background server. */
export function registerNeo4jCommands(program: Command): void {
  const neo4j = program.command('neo4j').description('manage the local Neo4j server (the embedded default)');

  neo4j
    .command('start')
    .description('start the local Neo4j in the background; prints {"uri","pid","version"} on stdout')
    .action(
      runAction(async () => {
        const config = loadConfig();
        const { dataDir } = config.localNeo4j;
        const existing = readServerRecord(dataDir);
        if (existing && isProcessAlive(existing.pid)) {
          toStderr(`already running (pid ${existing.pid})`);
          process.stdout.write(JSON.stringify({ uri: existing.uri, pid: existing.pid, version: existing.version }) + '\n');
          return EXIT_OK;
        }
        const server = await startLocalNeo4j({ ...config.localNeo4j, detached: true, log: toStderr });
        writeServerRecord(dataDir, {
          pid: server.pid,
          uri: server.uri,
          port: config.localNeo4j.port,
          version: server.version,
          startedAt: new Date().toISOString(),
        });
        process.stdout.write(JSON.stringify({ uri: server.uri, pid: server.pid, version: server.version }) + '\n');
        return EXIT_OK;
      }),
    );

  neo4j
    .command('stop')
    .description('stop the background local Neo4j cleanly')
    .action(
      runAction(async () => {
        const { dataDir } = loadConfig().localNeo4j;
        const record = readServerRecord(dataDir);
        if (!record || !isProcessAlive(record.pid)) {
          removeServerRecord(dataDir);
          toStderr('not running');
          return EXIT_OK;
        }
        await stopProcess(record.pid);
        removeServerRecord(dataDir);
        toStderr(`stopped (pid ${record.pid})`);
        return EXIT_OK;
      }),
    );

  neo4j
    .command('status')
    .description('print {"running", "uri"?, "pid"?} on stdout; exit 1 when not running')
    .action(
      runAction(() => {
        const { dataDir } = loadConfig().localNeo4j;
        const record = readServerRecord(dataDir);
        const running = Boolean(record && isProcessAlive(record.pid));
        process.stdout.write(JSON.stringify(running ? { running, uri: record!.uri, pid: record!.pid, version: record!.version } : { running }) + '\n');
        return running ? EXIT_OK : EXIT_FAILURE;
      }),
    );
}

