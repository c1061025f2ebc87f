import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, projectRoot } from '../config';
import { migrate, openGraph } from '../graph';
import { importGraph, parseExport } from '../services/kg';
import { runAction, UsageError } from './runAction';

const toStderr = (line: string) => process.stderr.write(`${line}\n`);

/**
 * `causeway import FILE.jsonl`: loads an export into an empty graph (after
 * applying migrations, so the uniqueness constraints exist). All or nothing:
 * the whole file is checked (each line, and that its references resolve)
 * before anything is written, and a write failing part-way removes what the
 * import wrote before the error is reported (importGraph).
 */
export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('load a JSONL export into an empty knowledge graph')
    .argument('<file>', 'JSONL file written by `causeway export`')
    .action(
      runAction(async (file: string) => {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (error) {
          throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
        }
        const records = parseExport(text.split('\n'));
        const graph = await openGraph(loadConfig(), { log: toStderr });
        try {
          await migrate(graph.client, join(projectRoot(), 'migrations'), { log: toStderr });
          const report = await importGraph(graph.client, records);
          process.stdout.write(`${JSON.stringify(report)}\n`);
        } finally {
          await graph.close();
        }
      }),
    );
}
