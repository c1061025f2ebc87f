import { Command, CommanderError } from 'commander';
import { EXIT_USAGE } from './exitCodes';
import { registerCausalCommands } from './causal';
import { registerCausalIdentifyCommands } from './causalIdentify';
import { registerCausalEstimateCommands } from './causalEstimate';
import { registerExportCommand } from './export';
import { registerExtractCommand } from './extract';
import { registerImportCommand } from './import';
import { registerGroundCommand } from './ground';
import { registerGroundingCommands } from './grounding';
import { registerIngestCommand } from './ingest';
import { registerJobsCommands } from './jobs';
import { registerMigrateCommand } from './migrate';
import { registerNeo4jCommands } from './neo4j';
import { registerRulesCommands } from './rules';
import { registerRulesMaterializeCommand } from './rulesMaterialize';
import { registerServeCommand } from './serve';
import { registerVerifyCommand } from './verify';
import { packageVersion } from './packageVersion';

export function buildProgram(): Command {
  const program = new Command('causeway')
    .description('Knowledge-graph reasoning layer: GraphQL over Neo4j, Datalog rules, causal inference, grounding.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError()
    .exitOverride();
  registerServeCommand(program);
  registerMigrateCommand(program);
  registerNeo4jCommands(program);
  registerRulesCommands(program);
  registerRulesMaterializeCommand(program);
  registerCausalCommands(program);
  registerCausalIdentifyCommands(program);
  registerCausalEstimateCommands(program);
  registerVerifyCommand(program);
  registerGroundingCommands(program);
  registerGroundCommand(program);
  registerExtractCommand(program);
  registerIngestCommand(program);
  registerJobsCommands(program);
  registerExportCommand(program);
  registerImportCommand(program);
  // Subcommands inherit the override so their usage errors also exit 2.
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; everything else commander rejects is usage.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    throw error;
  }
}
