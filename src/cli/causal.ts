import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { causalEffect, parseModelText, queryDistribution, type CausalModel, type ModelSource, type QueryOptions } from '../causal';
import { runAction, parseAssignment, parseAssignments, collect, UsageError } from './runAction';
import { EXIT_OK } from './exitCodes';
import { registerCausalImportCommand, withGraphCausalService } from './causalGraph';
import { registerCounterfactualCommands } from './causalCounterfactual';

/**
 * `causeway causal query|effect --model FILE …`: the CLI contract of
 * docs/causal.md. Only the JSON answer goes to stdout; typed errors go to
 * stderr with exit 1, usage mistakes exit 2.
 *
 * The certificate names the model file by absolute path and the sha256 of
 * its bytes, so `causeway verify` can re-read it. With `--graph` the model is
 * the knowledge graph's (src/services/causal), named by graph version and
 * embedded (its ancestral part) in the certificate.
 */
export function registerCausalCommands(program: Command): void {
  const causal = program.command('causal').description('exact causal inference: interventions and causal effects');
  registerCausalImportCommand(causal);
  registerCounterfactualCommands(causal, { withModel, printJson });

  causal
    .command('query')
    .description('P(target | do(…), given…) with a certificate')
    .option('--model <file>', 'model file: .bif, CPT JSON or noisy-OR JSON (format by content)')
    .option('--graph', "the knowledge graph's causal model (NEO4J_URI, or the embedded default)")
    .requiredOption('--target <var>', 'variable whose distribution is asked for')
    .option('--do <VAR=STATE>', 'intervention, repeatable', collect, [])
    .option('--given <VAR=STATE>', 'observed evidence, repeatable', collect, [])
    .option('--max-table-entries <n>', 'largest table exact inference may build', parseCount)
    .option('--json', 'print the answer as JSON (the only output format)')
    .action(
      runAction(async (options: QueryCliOptions) => {
        const query = { target: options.target, do: parseAssignments(options.do, '--do'), given: parseAssignments(options.given, '--given') };
        const answer = graphSelected(options)
          ? await withGraphCausalService(graphLimits(options), async (service) => (await service.intervene(query)).answer)
          : fromModelFile(options, (model, queryOptions) => queryDistribution(model, query, queryOptions));
        printJson(answer);
        return EXIT_OK;
      }),
    );

  causal
    .command('effect')
    .description('C(X,Y) = P(Y=y | do(X=x)) − P(Y=y), and the ATE with --control')
    .option('--model <file>', 'model file: .bif, CPT JSON or noisy-OR JSON (format by content)')
    .option('--graph', "the knowledge graph's causal model (NEO4J_URI, or the embedded default)")
    .requiredOption('--treatment <VAR=STATE>', 'the intervention do(X=x)')
    .option('--control <VAR=STATE>', "the comparison do(X=x') for the ATE")
    .requiredOption('--outcome <VAR=STATE>', 'the outcome Y=y')
    .option('--max-table-entries <n>', 'largest table exact inference may build', parseCount)
    .option('--json', 'print the answer as JSON (the only output format)')
    .action(
      runAction(async (options: EffectCliOptions) => {
        const query = {
          treatment: stateOf(options.treatment, '--treatment'),
          outcome: stateOf(options.outcome, '--outcome'),
          ...(options.control ? { control: stateOf(options.control, '--control') } : {}),
        };
        const answer = graphSelected(options)
          ? await withGraphCausalService(graphLimits(options), async (service) => (await service.effect(query)).answer)
          : fromModelFile(options, (model, queryOptions) => causalEffect(model, query, queryOptions));
        printJson(answer);
        return EXIT_OK;
      }),
    );
}

interface ModelCliOptions {
  model?: string;
  graph?: boolean;
  maxTableEntries?: number;
}

/** Runs `run` on the model of `--model FILE` or, with `--graph`, of the knowledge graph. */
async function withModel<T>(
  options: ModelCliOptions,
  variables: string[],
  run: (model: CausalModel, queryOptions: QueryOptions) => T,
): Promise<T> {
  if (!graphSelected(options)) return fromModelFile(options, run);
  return withGraphCausalService(graphLimits(options), async (service) => (await service.withModel(variables, ({ model }, queryOptions) => run(model, queryOptions))).answer);
}

function fromModelFile<T>(options: ModelCliOptions, run: (model: CausalModel, queryOptions: QueryOptions) => T): T {
  const { model, queryOptions } = loadModel(options);
  return run(model, queryOptions);
}

function graphLimits(options: ModelCliOptions) {
  return options.maxTableEntries === undefined ? {} : { maxTableEntries: options.maxTableEntries };
}

/** Exactly one model source: `--model FILE` or `--graph`. */
function graphSelected(options: ModelCliOptions): boolean {
  if (Boolean(options.model) === Boolean(options.graph)) throw new UsageError('give exactly one of --model FILE or --graph');
  return Boolean(options.graph);
}

interface QueryCliOptions extends ModelCliOptions {
  target: string;
  do: string[];
  given: string[];
}

interface EffectCliOptions extends ModelCliOptions {
  treatment: string;
  control?: string;
  outcome: string;
}

export function loadModel(options: ModelCliOptions): { model: CausalModel; source: ModelSource; queryOptions: QueryOptions } {
  if (!options.model) throw new UsageError('--model FILE is required');
  const path = resolve(options.model);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read model file ${options.model}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const source: ModelSource = { kind: 'file', path, sha256: createHash('sha256').update(bytes).digest('hex') };
  const model = parseModelText(bytes.toString('utf8'));
  const limits = options.maxTableEntries === undefined ? {} : { maxTableEntries: options.maxTableEntries };
  return { model, source, queryOptions: { source, limits } };
}


function stateOf(text: string, option: string): { variable: string; state: string } {
  return parseAssignment(text, option);
}

function parseCount(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError(`expected a positive integer, got "${text}"`);
  return value;
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
