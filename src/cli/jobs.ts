import type { Command } from 'commander';
import { loadConfig } from '../config';
import { openGraph, type OpenGraph } from '../graph';
import { JobScheduler, jobStoreFromEnv, newOwnerId, runJob, type JobStore } from '../ingest';
import { createKnowledgeGraph } from '../services/kg';
import { EXIT_FAILURE } from './exitCodes';
import { runAction, UsageError } from './runAction';

const toStderr = (line: string) => process.stderr.write(`${line}\n`);

/** `causeway jobs list | run NAME | history NAME | worker` (definitions: CAUSEWAY_JOBS_FILE and GraphQL defineJob). */
export function registerJobsCommands(program: Command): void {
  const jobs = program.command('jobs').description('scheduled ingestion jobs');
  jobs
    .command('list')
    .description('print each job definition with its last run, one JSON line each')
    .action(
      runAction(() =>
        withJobs(async (_graph, store) => {
          for (const job of await store.list()) {
            const [last] = await store.runs(job.name, 1);
            process.stdout.write(`${JSON.stringify({ ...job, lastRun: last ? { id: last.id, status: last.status, startedAt: last.startedAt, finishedAt: last.finishedAt } : null })}\n`);
          }
        }),
      ),
    );
  jobs
    .command('run')
    .description('run a job now (resuming its interrupted run); waits while another runner holds its lease')
    .argument('<name>')
    .option('--no-wait', 'give up at once when another runner holds the lease')
    .action(
      runAction((name: string, options: { wait: boolean }) =>
        withJobs(async (graph, store) => {
          const job = await store.get(name);
          const kg = createKnowledgeGraph(graph.client);
          const owner = newOwnerId();
          for (;;) {
            const outcome = await runJob(kg, store, job, {
              owner,
              onStarted: (id) => toStderr(`run ${id} started`),
              onProgress: (p) => toStderr(`${p.itemsDone}/${p.itemsTotal} items`),
            });
            if (outcome.status === 'ran') {
              process.stdout.write(`${JSON.stringify(outcome.run)}\n`);
              return outcome.run.status === 'succeeded' ? 0 : EXIT_FAILURE;
            }
            if (!options.wait) {
              process.stdout.write(`${JSON.stringify(outcome)}\n`);
              return EXIT_FAILURE;
            }
            toStderr(`${outcome.reason}; waiting for its lease (${Math.ceil(outcome.remainingMs / 1000)} s left)`);
            await new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(outcome.remainingMs, 200), 5_000)));
          }
        }),
      ),
    );
  jobs
    .command('history')
    .description("print a job's runs, newest first, one JSON line each")
    .argument('<name>')
    .option('--first <n>', 'how many runs', '20')
    .action(
      runAction((name: string, options: { first: string }) =>
        withJobs(async (_graph, store) => {
          const first = Number(options.first);
          if (!Number.isSafeInteger(first) || first < 1 || first > 1000) throw new UsageError('--first must be an integer from 1 to 1000');
          await store.get(name);
          for (const run of await store.runs(name, first)) process.stdout.write(`${JSON.stringify(run)}\n`);
        }),
      ),
    );
  jobs
    .command('worker')
    .description('run jobs on their schedules until SIGINT/SIGTERM (any number of workers: leases keep one run per job)')
    .action(
      runAction(() =>
        withJobs(async (graph, store) => {
          const scheduler = new JobScheduler(createKnowledgeGraph(graph.client), store, { log: toStderr });
          await scheduler.start();
          toStderr(`worker ${scheduler.owner} started`);
          await new Promise<void>((resolve) => {
            process.once('SIGINT', resolve);
            process.once('SIGTERM', resolve);
          });
          toStderr('stopping: waiting for runs in progress');
          await scheduler.stop();
        }),
      ),
    );
}

async function withJobs<T>(work: (graph: OpenGraph, store: JobStore) => Promise<T>): Promise<T> {
  const graph = await openGraph(loadConfig(), { log: toStderr });
  try {
    return await work(graph, jobStoreFromEnv(graph.client));
  } finally {
    await graph.close();
  }
}
