/**
 * The ingest and jobs commands alone, for tests that spawn (and kill) a
 * CLI process with `node --import tsx` without building dist/ first.
 */
import { Command } from 'commander';
import { registerIngestCommand } from '../../../src/cli/ingest';
import { registerJobsCommands } from '../../../src/cli/jobs';

const program = new Command('causeway');
registerIngestCommand(program);
registerJobsCommands(program);
void program.parseAsync(process.argv);
