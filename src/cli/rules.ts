import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { compile, evalOutput, evaluate, formatDiagnostic, parseFactsTsv, type Diagnostic, type FactInput, type Program } from '../rules';
import { EXIT_FAILURE, EXIT_OK } from './exitCodes';
import { collect, readInputFile, runAction, UsageError } from './runAction';

/**
 * `causeway rules check FILE.dl` and `causeway rules eval --rules FILE.dl
 * [--facts FILE.tsv]… [--proofs] --json`: the rule engine in memory, no
 * database. Diagnostics go to stderr, the answer to stdout.
 */
export function registerRulesCommands(program: Command): void {
  const rules = program.command('rules').description('check and evaluate Datalog rules (docs/rules.md)');
  rules
    .command('check')
    .description('parse and analyse a rules file: exit 0 (warnings on stderr), 1 with diagnostics on stderr')
    .argument('<file>', 'Datalog rules (.dl)')
    .action(
      runAction((file: string) => {
        const result = compile(readInputFile(file));
        const diagnostics = result.ok ? result.value.warnings : result.error;
        report(diagnostics, file);
        if (!result.ok) return EXIT_FAILURE;
        process.stderr.write(`${file}: ok (${result.value.ast.rules.length} rules, ${result.value.strata.filter((s) => s.rules.length > 0).length} strata)\n`);
        return EXIT_OK;
      }),
    );
  rules
    .command('eval')
    .description('evaluate rules over facts in memory; prints {"facts": {PREDICATE: [[arg, …]]}, "proofs": …}')
    .requiredOption('--rules <file>', 'Datalog rules (.dl); may hold facts too')
    .option('--facts <file>', 'facts, one per line: predicate<TAB>arg<TAB>… (repeatable)', collect, [])
    .option('--proofs', 'add a proof for every derived fact (checked by `causeway verify`)', false)
    .option('--json', 'print JSON (the only output format)', false)
    .option('--max-facts <n>', 'stop with LIMIT_EXCEEDED past this many derived facts', parseCount)
    .option('--timeout-ms <n>', 'stop with TIMEOUT after this long', parseCount)
    .action(
      runAction((options: { rules: string; facts: string[]; proofs: boolean; json: boolean; maxFacts?: number; timeoutMs?: number }) => {
        if (!options.json) throw new UsageError('rules eval prints JSON only: pass --json');
        const programText = readInputFile(options.rules);
        const compiled = compile(programText);
        report(compiled.ok ? compiled.value.warnings : compiled.error, options.rules);
        if (!compiled.ok) return EXIT_FAILURE;
        const factTexts = options.facts.map((file) => ({ file, text: readInputFile(file) }));
        const input: FactInput = new Map();
        for (const { file, text } of factTexts) parseFactsTsv(text, file, input);
        warnAboutArities(compiled.value, input);
        const evaluation = evaluate(compiled.value as Program, input, { limits: { maxDerivedFacts: options.maxFacts, timeoutMs: options.timeoutMs } });
        const proofs = options.proofs
          ? { program: sourceFile(options.rules, programText), factsFiles: factTexts.map(({ file, text }) => sourceFile(file, text)) }
          : null;
        process.stdout.write(`${JSON.stringify(evalOutput(evaluation, proofs))}\n`);
        return EXIT_OK;
      }),
    );
}


/** Absolute path and digest: `verify` may run elsewhere, and must read the same bytes. */
function sourceFile(file: string, text: string): { path: string; sha256: string } {
  return { path: resolve(file), sha256: createHash('sha256').update(text, 'utf8').digest('hex') };
}

function report(diagnostics: Diagnostic[], file: string): void {
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d, file)}\n`);
}

/** Predicates are name/arity: facts of `edge` with three fields never reach `edge(X, Y)`. Say so. */
function warnAboutArities(program: Program, input: FactInput): void {
  for (const [name, tuples] of input) {
    const arities = new Set(tuples.map((t) => t.length));
    const used = [...program.predicates.values()].filter((p) => p.name === name).map((p) => p.arity);
    for (const arity of arities) {
      if (used.length > 0 && !used.includes(arity)) {
        process.stderr.write(`causeway: warning: facts give ${name}/${arity}, the program reads ${used.map((a) => `${name}/${a}`).join(', ')}\n`);
      }
    }
  }
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a non-negative integer, got "${value}"`);
  return n;
}
