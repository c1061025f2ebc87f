import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  buildCausalGraph,
  dSeparation,
  identificationOutput,
  identifyEffect,
  readStructure,
  type CausalGraph,
  type CausalStructure,
} from '../causal/identification';
import { runAction, UsageError } from './runAction';

/**
 * `causeway causal dsep` and `causeway causal identify`: structure-only
 * questions about a model file (noisy-OR JSON, CPT JSON, BIF or a bare graph).
 * Exit 0 with JSON on stdout; 1 for an invalid model or query; 2 for usage.
 */
export function registerCausalIdentifyCommands(program: Command): void {
  // `causal` may already exist (Causal engine I registers its commands there); commander rejects a second one.
  const causal = program.commands.find((c) => c.name() === 'causal') ?? program.command('causal').description('causal inference over models and the graph');

  causal
    .command('dsep')
    .description('is X d-separated from Y given Z? prints {"separated", "openPath"?}')
    .requiredOption('--model <file>', 'model file: noisy-OR JSON, CPT JSON, BIF or a bare graph JSON')
    .requiredOption('--x <vars...>', 'the variables X')
    .requiredOption('--y <vars...>', 'the variables Y')
    .option('--given <vars...>', 'the conditioning set Z', [])
    .option('--json', 'print JSON (the only output format)')
    .action(
      runAction((options: { model: string; x: string[]; y: string[]; given: string[] }) => {
        const { graph } = loadModel(options.model);
        const answer = dSeparation(graph, options.x, options.y, options.given);
        printJson(answer.separated ? { separated: true } : { separated: false, openPath: answer.openPath });
      }),
    );

  causal
    .command('identify')
    .description('identify P(outcome | do(treatment)): back-door, front-door or the ID algorithm, or a hedge')
    .requiredOption('--model <file>', 'model file: noisy-OR JSON, CPT JSON, BIF or a bare graph JSON')
    .requiredOption('--treatment <var>', 'the intervened variable X')
    .requiredOption('--outcome <var>', 'the outcome variable Y')
    .option('--json', 'print JSON (the only output format)')
    .action(
      runAction((options: { model: string; treatment: string; outcome: string }) => {
        const { graph, structure, sha256 } = loadModel(options.model);
        const query = { treatment: [options.treatment], outcome: [options.outcome] };
        const output = identificationOutput(structure, query, identifyEffect(graph, query.treatment, query.outcome));
        printJson({ ...output, certificate: { ...output.certificate, modelSha256: sha256 } });
      }),
    );
}

function loadModel(file: string): { graph: CausalGraph; structure: CausalStructure; sha256: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read model file ${file}: ${(error as Error).message}`);
  }
  const structure = readStructure(text);
  return { graph: buildCausalGraph(structure), structure, sha256: createHash('sha256').update(text).digest('hex') };
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
