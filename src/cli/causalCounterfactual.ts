import type { Command } from 'commander';
import { counterfactualQuery, probabilitiesOfCausation, type CausalModel, type QueryOptions } from '../causal';
import { loadLpSolver } from '../services/causal';
import { EXIT_OK } from './exitCodes';
import { collect, parseAssignment, parseAssignments, runAction, UsageError } from './runAction';

/** What these commands borrow from src/cli/causal.ts (passed in, so the two files do not import each other). */
export interface ModelFileSupport {
  /** The model of `--model FILE`, or of the knowledge graph with `--graph` (its ancestral part of `variables` certified). */
  withModel<T>(
    options: { model?: string; graph?: boolean; maxTableEntries?: number },
    variables: string[],
    run: (model: CausalModel, queryOptions: QueryOptions) => T,
  ): Promise<T>;
  printJson(value: unknown): void;
}

/**
 * `causeway causal counterfactual` and `causeway causal necessity` (issue 5):
 * exact on noisy-OR models (twin network); on CPT models Tian–Pearl bounds,
 * or the response-function LP (HiGHS) where the closed forms do not apply,
 * LIMIT_EXCEEDED (exit 1) above its size limit. `--model FILE` or `--graph`.
 */
export function registerCounterfactualCommands(causal: Command, support: ModelFileSupport): void {
  causal
    .command('counterfactual')
    .description('P(target_{do(…)} | given…): --given is the actual world, --do the hypothetical one')
    .option('--model <file>', 'model file: .bif, CPT JSON or noisy-OR JSON (format by content)')
    .option('--graph', "the knowledge graph's causal model (NEO4J_URI, or the embedded default)")
    .requiredOption('--target <var>', 'variable whose hypothetical distribution is asked for')
    .option('--given <VAR=STATE>', 'observed in the actual world, repeatable', collect, [])
    .option('--do <VAR=STATE>', 'intervention in the hypothetical world, repeatable', collect, [])
    .option('--json', 'print the answer as JSON (the only output format)')
    .action(
      runAction(async (options: { model?: string; graph?: boolean; target: string; given: string[]; do: string[] }) => {
        const doing = parseAssignments(options.do, '--do');
        if (Object.keys(doing).length === 0) throw new UsageError('give at least one --do VAR=STATE');
        const query = { target: options.target, do: doing, given: parseAssignments(options.given, '--given') };
        const variables = [query.target, ...Object.keys(query.do), ...Object.keys(query.given)];
        const lpSolver = await loadLpSolver();
        support.printJson(await support.withModel(options, variables, (model, queryOptions) => counterfactualQuery(model, query, { ...queryOptions, lpSolver })));
        return EXIT_OK;
      }),
    );

  causal
    .command('necessity')
    .description('probabilities of necessity, sufficiency and both (PN, PS, PNS) for a binary treatment and outcome')
    .option('--model <file>', 'model file: .bif, CPT JSON or noisy-OR JSON (format by content)')
    .option('--graph', "the knowledge graph's causal model (NEO4J_URI, or the embedded default)")
    .requiredOption('--treatment <VAR=STATE>', 'the treatment X=x (x\' is the other state)')
    .requiredOption('--outcome <VAR=STATE>', 'the outcome Y=y (y\' is the other state)')
    .option('--json', 'print the answer as JSON (the only output format)')
    .action(
      runAction(async (options: { model?: string; graph?: boolean; treatment: string; outcome: string }) => {
        const treatment = parseAssignment(options.treatment, '--treatment');
        const outcome = parseAssignment(options.outcome, '--outcome');
        const variables = [treatment.variable, outcome.variable];
        support.printJson(await support.withModel(options, variables, (model, queryOptions) => probabilitiesOfCausation(model, treatment, outcome, queryOptions)));
        return EXIT_OK;
      }),
    );
}

