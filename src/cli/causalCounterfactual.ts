import type { Command } from 'commander';
import { counterfactualQuery, probabilitiesOfCausation, type CausalModel, type QueryOptions } from '../causal';
import { EXIT_OK } from './exitCodes';
import { collect, parseAssignment, runAction, UsageError } from './runAction';

/** What these commands borrow from src/cli/causal.ts (passed in, so the two files do not import each other). */
export interface ModelFileSupport {
  loadModel(options: { model?: string; maxTableEntries?: number }): { model: CausalModel; queryOptions: QueryOptions };
  printJson(value: unknown): void;
}

/**
 * `causeway causal counterfactual` and `causeway causal necessity` (issue 5):
 * exact on noisy-OR models (twin network), Tian–Pearl bounds on CPT models,
 * NOT_IDENTIFIABLE (exit 1) where neither applies. Model files only.
 */
export function registerCounterfactualCommands(causal: Command, support: ModelFileSupport): void {
  causal
    .command('counterfactual')
    .description('P(target_{do(…)} | given…): --given is the actual world, --do the hypothetical one')
    .requiredOption('--model <file>', 'model file: .bif, CPT JSON or noisy-OR JSON (format by content)')
    .requiredOption('--target <var>', 'variable whose hypothetical distribution is asked for')
    .option('--given <VAR=STATE>', 'observed in the actual world, repeatable', collect, [])
    .option('--do <VAR=STATE>', 'intervention in the hypothetical world, repeatable', collect, [])
    .option('--json', 'print the answer as JSON (the only output format)')
    .action(
      runAction((options: { model: string; target: string; given: string[]; do: string[] }) => {
        const doing = assignments(options.do, '--do');
        if (Object.keys(doing).length === 0) throw new UsageError('give at least one --do VAR=STATE');
        const { model, queryOptions } = support.loadModel(options);
        support.printJson(counterfactualQuery(model, { target: options.target, do: doing, given: assignments(options.given, '--given') }, queryOptions));
        return EXIT_OK;
      }),
    );

  causal
    .command('necessity')
    .description('probabilities of necessity, sufficiency and both (PN, PS, PNS) for a binary treatment and outcome')
    .requiredOption('--model <file>', 'model file: .bif, CPT JSON or noisy-OR JSON (format by content)')
    .requiredOption('--treatment <VAR=STATE>', 'the treatment X=x (x\' is the other state)')
    .requiredOption('--outcome <VAR=STATE>', 'the outcome Y=y (y\' is the other state)')
    .option('--json', 'print the answer as JSON (the only output format)')
    .action(
      runAction((options: { model: string; treatment: string; outcome: string }) => {
        const { model, queryOptions } = support.loadModel(options);
        const answer = probabilitiesOfCausation(
          model,
          parseAssignment(options.treatment, '--treatment'),
          parseAssignment(options.outcome, '--outcome'),
          queryOptions,
        );
        support.printJson(answer);
        return EXIT_OK;
      }),
    );
}

function assignments(values: string[], option: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const text of values) {
    const { variable, state } = parseAssignment(text, option);
    if (variable in result && result[variable] !== state) throw new UsageError(`${option} sets "${variable}" twice`);
    result[variable] = state;
  }
  return result;
}
