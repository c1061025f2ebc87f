/** Runs the real CLI from sources in a child process (spawned by embedCli.test.ts with `--import tsx`). */
import { main } from '../../../src/cli/main';

void main(['node', 'causeway', ...process.argv.slice(2)]);
