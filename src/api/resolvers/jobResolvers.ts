import { Cron } from 'croner';
import { notFound } from '../../errors';
import type { GraphClient } from '../../graph';
import { jobStoreFromEnv, newOwnerId, runJob, type JobDefinition, type JobRunRecord, type JobStore } from '../../ingest';
import type { RequestContext } from '../RequestContext';
import { checkFirst } from './arguments';

/** Runs started through `runJob` belong to this server process (one lease owner for all of them). */
const SERVER_OWNER = newOwnerId();
const PROGRESS_POLL_MS = 500;

/** The jobs file is read once per process; definitions made with defineJob are read from the graph each time. */
let stores: WeakMap<GraphClient, JobStore> = new WeakMap();
function storeOf(context: RequestContext): JobStore {
  let store = stores.get(context.kg.graph);
  if (!store) {
    store = jobStoreFromEnv(context.kg.graph);
    stores.set(context.kg.graph, store);
  }
  return store;
}

/** Thin resolvers over src/ingest/jobs (schema/jobs.graphql). */
export const jobResolvers = {
  Query: {
    jobs: (_: unknown, __: unknown, context: RequestContext) => storeOf(context).list(),
    job: async (_: unknown, args: { name: string }, context: RequestContext) => (await storeOf(context).list()).find((j) => j.name === args.name) ?? null,
    runs: (_: unknown, args: { job: string; first?: number | null }, context: RequestContext) => storeOf(context).runs(args.job, checkFirst(args.first, context)),
  },
  Mutation: {
    defineJob: (_: unknown, args: { job: Record<string, unknown> }, context: RequestContext) => {
      const { options, format, ...rest } = args.job;
      const source = Object.fromEntries(Object.entries(rest.source as Record<string, unknown>).filter(([, v]) => v !== null));
      const input = { ...rest, source, ...(format ? { format } : {}), ...(options ? { options } : {}) };
      return storeOf(context).define(input, context.currentUser?.subject ?? 'anonymous');
    },
    /**
     * Starts the run in this process and answers once it holds the lease and
     * has recorded the run; the run goes on after the response (follow it with
     * `jobRunProgress`). Another runner holding the lease: started false.
     */
    runJob: async (_: unknown, args: { name: string }, context: RequestContext) => {
      const store = storeOf(context);
      const job = await store.get(args.name);
      return new Promise((resolve, reject) => {
        runJob(context.kg, store, job, {
          owner: SERVER_OWNER,
          onStarted: (runId) => void store.run(runId).then((run) => resolve({ started: true, run, reason: null }), reject),
        }).then(
          (outcome) => {
            if (outcome.status === 'skipped') resolve({ started: false, run: null, reason: outcome.reason });
          },
          (error: unknown) => {
            context.requestState.logger.error({ err: error, job: job.name }, 'job run stopped; it resumes on the next run');
            reject(error);
          },
        );
      });
    },
  },
  Subscription: {
    jobRunProgress: {
      /** Polls the run node, so progress of a run on any replica can be followed. */
      subscribe: async function* (_: unknown, args: { runId: string }, context: RequestContext): AsyncGenerator<{ jobRunProgress: JobRunRecord }> {
        const store = storeOf(context);
        let last = '';
        for (;;) {
          const run = await store.run(args.runId);
          if (!run) throw notFound(`no run has id "${args.runId}"`, { runId: args.runId });
          const seen = `${run.status}|${run.itemsDone}|${run.updatedAt}`;
          if (seen !== last) {
            last = seen;
            yield { jobRunProgress: run };
          }
          if (run.status !== 'running') return;
          await new Promise((resolve) => setTimeout(resolve, PROGRESS_POLL_MS));
        }
      },
    },
  },
  Job: {
    nextRunAt: (job: JobDefinition) => new Cron(job.schedule, { paused: true, timezone: job.options.timezone }).nextRun() ?? null,
    lastRun: async (job: JobDefinition, _: unknown, context: RequestContext) => (await storeOf(context).runs(job.name, 1))[0] ?? null,
    options: (job: JobDefinition) => job.options,
  },
};

/** For tests that change CAUSEWAY_JOBS_FILE between servers in one process. */
export function forgetJobStores(): void {
  stores = new WeakMap();
}
