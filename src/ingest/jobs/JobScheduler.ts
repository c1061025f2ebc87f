import { Cron } from 'croner';
import type { KnowledgeGraph } from '../../services/kg';
import type { MentionResolver } from '../import';
import type { JobDefinition } from './JobDefinition';
import { newOwnerId } from '../../services/leases/JobLease';
import { runJob, type RunOutcome } from './JobRunner';
import type { JobStore } from './JobStore';

export interface SchedulerOptions {
  owner?: string;
  /** How often definitions are re-read (GraphQL `defineJob` adds or changes them). */
  refreshMs?: number;
  log?: (line: string) => void;
  /** Passed to each run (see RunOptions.grounding). */
  grounding?: MentionResolver | null;
}

/**
 * Runs every job on its cron schedule (croner, with overrun protection: a
 * run still going when the next tick comes is not started twice here), in
 * `serve` or `causeway jobs worker`. Any number of replicas may schedule the
 * same jobs: the lease lets one of them run each tick. On start, a job whose
 * last run was interrupted is resumed at once rather than at its next tick.
 */
export class JobScheduler {
  private readonly crons = new Map<string, { cron: Cron; definition: string }>();
  private refreshTimer: NodeJS.Timeout | null = null;
  private readonly running = new Set<Promise<unknown>>();
  readonly owner: string;
  private stopped = false;

  constructor(
    private readonly kg: KnowledgeGraph,
    private readonly store: JobStore,
    private readonly options: SchedulerOptions = {},
  ) {
    this.owner = options.owner ?? newOwnerId();
  }

  async start(): Promise<void> {
    await this.refresh();
    for (const job of await this.store.list()) {
      if (await this.store.interruptedRun(job.name)) this.trigger(job);
    }
    this.refreshTimer = setInterval(() => void this.refresh().catch((e) => this.log(`refreshing job definitions failed: ${(e as Error).message}`)), this.options.refreshMs ?? 60_000);
    this.refreshTimer.unref();
  }

  /** Schedules new and changed definitions, unschedules removed ones. */
  async refresh(): Promise<void> {
    const jobs = await this.store.list();
    const names = new Set(jobs.map((j) => j.name));
    for (const [name, entry] of this.crons) {
      if (!names.has(name)) {
        entry.cron.stop();
        this.crons.delete(name);
      }
    }
    for (const job of jobs) {
      const definition = JSON.stringify(job);
      const current = this.crons.get(job.name);
      if (current?.definition === definition) continue;
      current?.cron.stop();
      const cron = new Cron(job.schedule, { protect: true, timezone: job.options.timezone }, async () => {
        await this.runNow(job);
      });
      this.crons.set(job.name, { cron, definition });
      this.log(`scheduled ${job.name} (${job.schedule}); next run ${cron.nextRun()?.toISOString() ?? 'never'}`);
    }
  }

  /** Runs one job now (if this replica gets its lease); what croner calls on each tick. */
  async runNow(job: JobDefinition): Promise<RunOutcome | null> {
    if (this.stopped) return null;
    const work = runJob(this.kg, this.store, job, { owner: this.owner, grounding: this.options.grounding })
      .then((outcome) => {
        this.log(outcome.status === 'skipped' ? `${job.name}: ${outcome.reason}` : `${job.name}: run ${outcome.run.id} ${outcome.run.status}`);
        return outcome;
      })
      .catch((error: unknown) => {
        this.log(`${job.name}: run stopped: ${(error as Error).message} (it resumes on the next tick)`);
        return null;
      });
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
    return work;
  }

  private trigger(job: JobDefinition): void {
    void this.runNow(job);
  }

  /** Stops scheduling and waits for runs in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    for (const { cron } of this.crons.values()) cron.stop();
    this.crons.clear();
    await Promise.allSettled([...this.running]);
  }

  private log(line: string): void {
    this.options.log?.(line);
  }
}
