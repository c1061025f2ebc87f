import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { modelToJson } from '../causal';
import { DEFAULT_PRIOR, ESTIMATE_DEFAULTS, estimateFromCsv, fitCpts, readEstimationModel, type DirichletPrior } from '../causal/estimation';
import { EXIT_OK } from './exitCodes';
import { parseAssignment, runAction, UsageError } from './runAction';

/**
 * `causeway causal fit` and `causeway causal estimate`: learning from a CSV
 * of observations (docs/estimation.md). Exit 0 with JSON on stdout; 1 for an
 * invalid model, query or data file (typed message on stderr, with the data
 * line); 2 for usage. The files are read here; the engine gets their text.
 */
export function registerCausalEstimateCommands(program: Command): void {
  const causal = program.commands.find((c) => c.name() === 'causal') ?? program.command('causal').description('causal inference over models and the graph');

  causal
    .command('fit')
    .description('fit CPTs to a CSV of observations; writes CPT JSON and prints {"model", "rows", "variables", "prior"}')
    .requiredOption('--model <file>', 'the structure: a bare graph JSON, or a CPT / noisy-OR / BIF model (numbers ignored)')
    .requiredOption('--data <file>', 'CSV of observations, header row = variable names')
    .requiredOption('--out <file>', 'where to write the fitted model (CPT JSON)')
    .option('--alpha <a>', 'Dirichlet pseudo-count per cell (0 = maximum likelihood); default: BDeu, equivalent sample size 1', parseNonNegative)
    .option('--ess <n>', 'BDeu equivalent sample size (default 1)', parseNonNegative)
    .option('--json', 'print JSON (the only output format)')
    .action(
      runAction((options: { model: string; data: string; out: string; alpha?: number; ess?: number }) => {
        if (options.alpha !== undefined && options.ess !== undefined) throw new UsageError('--alpha and --ess choose different priors; give one');
        const prior: DirichletPrior =
          options.alpha !== undefined ? { kind: 'uniform', alpha: options.alpha } : options.ess !== undefined ? { kind: 'bdeu', ess: options.ess } : DEFAULT_PRIOR;
        const model = fitCpts(readEstimationModel(readText(options.model, 'model')), readText(options.data, 'data'), prior);
        const out = resolve(options.out);
        try {
          writeFileSync(out, JSON.stringify(modelToJson(model), null, 2) + '\n');
        } catch (error) {
          throw new UsageError(`cannot write ${options.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        }
        printJson({ model: out, variables: model.variables.length, prior, assumptions: model.assumptions });
        return EXIT_OK;
      }),
    );

  causal
    .command('estimate')
    .description('estimate P(y | do(x)) from data by its identified estimand, with a bootstrap interval and refutations')
    .requiredOption('--model <file>', 'the structure: a bare graph JSON, or a CPT / noisy-OR / BIF model (numbers ignored)')
    .requiredOption('--data <file>', 'CSV of observations, header row = variable names')
    .requiredOption('--treatment <VAR=STATE>', 'the intervention do(X=x)')
    .option('--control <VAR=STATE>', "the comparison do(X=x') for the ATE")
    .requiredOption('--outcome <VAR=STATE>', 'the outcome Y=y')
    .option('--bootstrap <B>', `bootstrap resamples (default ${ESTIMATE_DEFAULTS.bootstrap})`, parseCount)
    .option('--level <p>', `interval level (default ${ESTIMATE_DEFAULTS.level})`, Number)
    .option('--seed <n>', `seed of the resampling and refutations (default ${ESTIMATE_DEFAULTS.seed})`, parseInteger)
    .option('--alpha <a>', 'Dirichlet pseudo-count smoothing each conditional (default 0: plain frequencies)', parseNonNegative)
    .option('--simulations <n>', `simulations per refuter, 0 to skip them (default ${ESTIMATE_DEFAULTS.simulations})`, parseInteger)
    .option('--json', 'print JSON (the only output format)')
    .action(
      runAction((options: EstimateCliOptions) => {
        const modelText = readText(options.model, 'model');
        const dataText = readText(options.data, 'data');
        const query = {
          treatment: parseAssignment(options.treatment, '--treatment'),
          outcome: parseAssignment(options.outcome, '--outcome'),
          ...(options.control ? { control: parseAssignment(options.control, '--control') } : {}),
        };
        const answer = estimateFromCsv(readEstimationModel(modelText), dataText, query, {
          bootstrap: options.bootstrap,
          level: options.level,
          seed: options.seed,
          alpha: options.alpha,
          simulations: options.simulations,
        });
        const certificate = { ...answer.certificate, modelSha256: sha256(modelText), dataSha256: sha256(dataText) };
        printJson({ ...answer, certificate });
        return EXIT_OK;
      }),
    );
}

interface EstimateCliOptions {
  model: string;
  data: string;
  treatment: string;
  control?: string;
  outcome: string;
  bootstrap?: number;
  level?: number;
  seed?: number;
  alpha?: number;
  simulations?: number;
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what} file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function parseCount(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 2) throw new InvalidArgumentError(`expected an integer ≥ 2, got "${text}"`);
  return value;
}

function parseInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new InvalidArgumentError(`expected an integer ≥ 0, got "${text}"`);
  return value;
}

function parseNonNegative(text: string): number {
  const value = Number(text);
  if (!(Number.isFinite(value) && value >= 0)) throw new InvalidArgumentError(`expected a number ≥ 0, got "${text}"`);
  return value;
}

function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
