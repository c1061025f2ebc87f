/** Starts `causeway embed-server` through the real CLI for grounding.bench.ts. argv: threads, execution provider, max wait ms, spin (0|1), instances, max batch. */
import { main } from '../src/cli/main';

const [threads = '2', ep = 'cpu', maxWaitMs = '10', spin = '0', instances = '1', maxBatch = '32'] = process.argv.slice(2);
void main([
  'node', 'causeway', 'embed-server', '--port', '0', '--threads', threads, '--execution-provider', ep, '--instances', instances,
  '--max-batch', maxBatch, '--max-wait-ms', maxWaitMs, '--max-queue', '4096', ...(spin === '1' ? ['--spin-wait'] : []),
]);
