import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, projectRoot } from '../config';
import { migrate, openGraph, type OpenGraph } from '../graph';
import { GroundingService, type GroundResult } from '../services/grounding';
import { runAction, UsageError } from './runAction';

const toStderr = (line: string) => process.stderr.write(`${line}\n`);

/**
 * `causeway ground TEXT [--type T] [-k N] [--json]`: the entities TEXT may
 * refer to (GroundResult as JSON with --json), and `causeway grounding
 * backfill`: (re)embed every entity whose embedding is missing, stale or from
 * another model. Both use the embedded Neo4j unless NEO4J_URI is set, and
 * migrate first so the indexes exist.
 */
export function registerGroundCommand(program: Command): void {
  program
    .command('ground')
    .description('entities a text may refer to: vector index fused with name/alias matches; "no match" below the calibrated threshold')
    .argument('<text>', 'the text to ground')
    .option('--type <type>', 'only entities of this type')
    .option('-k, --k <k>', 'most candidates', '5')
    .option('--json', 'print the result as JSON')
    .action(
      runAction(async (text: string, options: { type?: string; k: string; json?: boolean }) => {
        const k = Number(options.k);
        if (!Number.isInteger(k) || k < 1 || k > 100) throw new UsageError('-k must be an integer from 1 to 100');
        const result = await withGrounding((grounding) => grounding.ground(text, { type: options.type ?? null, k }));
        process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : describe(result));
      }),
    );

  program
    .command('grounding')
    .description('grounding maintenance')
    .command('backfill')
    .description('(re)embed every entity whose embedding is missing, older than its text, or from another model; prints a JSON report')
    .action(
      runAction(async () => {
        const report = await withGrounding((grounding) => grounding.embedder.backfill());
        process.stdout.write(`${JSON.stringify(report)}\n`);
      }),
    );
}

async function withGrounding<T>(work: (grounding: GroundingService) => Promise<T>): Promise<T> {
  const graph: OpenGraph = await openGraph(loadConfig(), { log: toStderr });
  const grounding = new GroundingService(graph.client);
  try {
    await migrate(graph.client, join(projectRoot(), 'migrations'));
    return await work(grounding);
  } finally {
    await grounding.close();
    await graph.close();
  }
}

function describe(result: GroundResult): string {
  const lines = result.match ? [] : [`no match (threshold ${result.threshold})`];
  for (const c of result.candidates) lines.push(`${c.score.toFixed(3)}  ${c.entity.id}  ${c.entity.name} [${c.entity.type}]  ${c.reasons.join('; ')}`);
  for (const c of result.belowThreshold) lines.push(`(${c.score.toFixed(3)}) ${c.entity.id}  ${c.entity.name} [${c.entity.type}]  below threshold`);
  return `${lines.join('\n')}\n`;
}
