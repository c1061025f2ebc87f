import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { loadConfig } from '../config';
import { openGraph } from '../graph';
import { exportGraph } from '../services/kg';
import { runAction } from './runAction';

const toStderr = (line: string) => process.stderr.write(`${line}\n`);

/**
 * `causeway export --out FILE.jsonl`: the whole graph (entities, documents with
 * sentences and mentions, relations with their supports) as JSONL, in the
 * format of docs/api.md. Prints {"entities", "documents", "relations"} counts.
 */
export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write the whole knowledge graph to a JSONL file (see docs/api.md, "Export format")')
    .requiredOption('--out <file>', 'JSONL file to write')
    .action(
      runAction(async (options: { out: string }) => {
        const graph = await openGraph(loadConfig(), { log: toStderr });
        const out = createWriteStream(options.out, { encoding: 'utf8' });
        const counts = { entities: 0, documents: 0, relations: 0 };
        try {
          for await (const record of exportGraph(graph.client)) {
            if (record.kind === 'entity') counts.entities += 1;
            else if (record.kind === 'document') counts.documents += 1;
            else if (record.kind === 'relation') counts.relations += 1;
            if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
          }
        } finally {
          out.end();
          await once(out, 'close');
          await graph.close();
        }
        process.stdout.write(`${JSON.stringify({ out: options.out, ...counts })}\n`);
      }),
    );
}
