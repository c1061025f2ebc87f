import { basename } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../config';
import { openGraph } from '../graph';
import { RuleService } from '../services/rules';
import { EXIT_OK } from './exitCodes';
import { readInputFile, runAction, UsageError } from './runAction';

const toStderr = (line: string) => process.stderr.write(`${line}\n`);

/**
 * `causeway rules materialize (--rules FILE.dl | --set NAME) --json`: stores
 * the file as a rule set (named by --name, else the file's base name) or takes
 * a stored one, and brings its derived facts in the graph up to date
 * (docs/rules-graph.md). Prints the maintenance report as JSON.
 */
export function registerRulesMaterializeCommand(program: Command): void {
  const rules = program.commands.find((c) => c.name() === 'rules') ?? program.command('rules');
  rules
    .command('materialize')
    .description('materialise a rule set over the graph; prints {"ruleSet", "mode", "derivedFacts", "written", "deleted", …}')
    .option('--rules <file>', 'Datalog rules (.dl) to store as a rule set and materialise')
    .option('--set <name>', 'a rule set already stored (defineRules)')
    .option('--name <name>', 'with --rules: the rule set name (default: the file name without .dl)')
    .option('--json', 'print JSON (the only output format)', false)
    .option('--max-facts <n>', 'stop with LIMIT_EXCEEDED past this many derived facts', parseCount)
    .option('--timeout-ms <n>', 'stop with TIMEOUT after this long', parseCount)
    .action(
      runAction(async (options: { rules?: string; set?: string; name?: string; json: boolean; maxFacts?: number; timeoutMs?: number }) => {
        if (!options.json) throw new UsageError('rules materialize prints JSON only: pass --json');
        if ((options.rules === undefined) === (options.set === undefined)) throw new UsageError('give exactly one of --rules FILE.dl and --set NAME');
        const text = options.rules === undefined ? undefined : readInputFile(options.rules);
        const graph = await openGraph(loadConfig(), { log: toStderr });
        try {
          const service = new RuleService(graph.client);
          const name = options.set ?? options.name ?? basename(options.rules!).replace(/\.dl$/, '');
          if (text !== undefined) await service.define(name, text, `cli:${process.env.USER ?? 'unknown'}`);
          const report = await service.materialize(name, { limits: { maxDerivedFacts: options.maxFacts, timeoutMs: options.timeoutMs } });
          process.stdout.write(`${JSON.stringify(report)}\n`);
        } finally {
          await graph.close();
        }
        return EXIT_OK;
      }),
    );
}


function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}
