import type { Command } from 'commander';
import { parseBif, type InferenceLimits } from '../causal';
import { loadConfig } from '../config';
import { openGraph } from '../graph';
import { CausalService, importCptModel } from '../services/causal';
import { EXIT_OK } from './exitCodes';
import { readInputFile, runAction } from './runAction';

const toStderr = (line: string) => process.stderr.write(`${line}\n`);

/** Runs `work` with a causal service over the configured graph (NEO4J_URI, or the embedded default). */
export async function withGraphCausalService<T>(limits: Partial<InferenceLimits>, work: (service: CausalService) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const graph = await openGraph(config, { log: toStderr });
  try {
    return await work(new CausalService(graph.client, { defaultBaseRate: config.defaultBaseRate, limits }));
  } finally {
    await graph.close();
  }
}

/** `causeway causal import --bif FILE`: a BIF network into the graph as entities with CPTs and CAUSES edges. */
export function registerCausalImportCommand(causal: Command): void {
  causal
    .command('import')
    .description('write a BIF network into the graph (entities with states and CPTs, CAUSES edges); prints {"entities","edges","graphVersion"}')
    .requiredOption('--bif <file>', 'network in BIF, as bnlearn publishes it')
    .option('--type <EntityType>', 'entity type given to the imported variables', 'Variable')
    .action(
      runAction(async (options: { bif: string; type: string }) => {
        const model = parseBif(readInputFile(options.bif)); // validated before anything is written
        const config = loadConfig();
        const graph = await openGraph(config, { log: toStderr });
        try {
          const report = await importCptModel(graph.client, model, { assertedBy: `cli:${process.env.USER ?? 'unknown'}`, entityType: options.type });
          process.stdout.write(JSON.stringify(report) + '\n');
          return EXIT_OK;
        } finally {
          await graph.close();
        }
      }),
    );
}
