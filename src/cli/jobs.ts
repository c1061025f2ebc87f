import type { Command } from 'commander';
import { loadConfig } from '../config';
import { openGraph, type OpenGraph } from '../graph';
import { ingestGrounding, JobScheduler, nameOnlyGrounding, parseMentionResolution, jobStoreFromEnv, newOwnerId, runJob, type IngestGrounding, type JobStore, type MentionResolution } from '../ingest';
import { createKnowledgeGraph } from '../services/kg';
import { EXIT_FAILURE } from './exitCodes';
import { RESOLVE_MENTIONS_OPTION } from './ingest';
import { asUsageError, runAction, UsageError } from './runAction';

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
    .option(...RESOLVE_MENTIONS_OPTION)
    .action(
      runAction((name: string, options: { wait: boolean; resolveMentions: string }) => {
        // A usage error before anything starts (a local Neo4j takes seconds).
        const resolution = asUsageError(() => parseMentionResolution(options.resolveMentions));
        return withJobs(async (_graph, store, grounded) => {
          const job = await store.get(name);
          const { kg, resolver } = await grounded(resolution);
          const owner = newOwnerId();
          for (;;) {
            const outcome = await runJob(kg, store, job, {
              owner,
              grounding: resolver,
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
        });
      }),
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
    .option(...RESOLVE_MENTIONS_OPTION)
    .action(
      runAction((options: { resolveMentions: string }) => {
        const resolution = asUsageError(() => parseMentionResolution(options.resolveMentions));
        return withJobs(async (_graph, store, grounded) => {
          const { kg, resolver } = await grounded(resolution);
          const scheduler = new JobScheduler(kg, store, { log: toStderr, grounding: resolver });
          await scheduler.start();
          toStderr(`worker ${scheduler.owner} started`);
          await new Promise<void>((resolve) => {
            process.once('SIGINT', resolve);
            process.once('SIGTERM', resolve);
          });
          toStderr('stopping: waiting for runs in progress');
          await scheduler.stop();
        });
      }),
    );
}

/**
 * The graph and job store, and `grounded()` for the commands that ingest: the
 * mention resolver and the embedding-queue-fed knowledge graph (see
 * ingestGrounding), loaded on first call, so listing jobs loads no model.
 */
async function withJobs<T>(work: (graph: OpenGraph, store: JobStore, grounded: (how: MentionResolution) => Promise<IngestGrounding>) => Promise<T>): Promise<T> {
  const graph = await openGraph(loadConfig(), { log: toStderr });
  const loaded: { grounding?: Promise<IngestGrounding> } = {};
  const grounded = async (how: MentionResolution) => {
    const kg = createKnowledgeGraph(graph.client);
    return (loaded.grounding ??= how === 'name' ? Promise.resolve(nameOnlyGrounding(kg, toStderr)) : ingestGrounding(graph.client, kg, toStderr));
  };
  try {
    return await work(graph, jobStoreFromEnv(graph.client), grounded);
  } finally {
    if (loaded.grounding) await (await loaded.grounding).close();
    await graph.close();
  }
}
