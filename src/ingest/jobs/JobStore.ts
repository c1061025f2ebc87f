import { randomUUID } from 'node:crypto';
import { CausewayError, notFound } from '../../errors';
import type { GraphClient } from '../../graph';
import { parseJobDefinition, type JobDefinition } from './JobDefinition';
import { toRunRecord, zeroCounts, type Checkpoint, type JobRunRecord, type RunCounts, type RunStatus } from './JobRun';
import type { LineError } from '../import';

/**
 * Jobs, runs and ingested-source hashes as the graph stores them
 * (cypher/jobs, cypher/ingest). Definitions come from two places: the jobs
 * file (read-only here) and GraphQL `defineJob` (stored in the graph); a
 * name belongs to one of them.
 */
export class JobStore {
  constructor(
    private readonly graph: GraphClient,
    private readonly fileJobs: readonly JobDefinition[] = [],
  ) {}

  async list(): Promise<JobDefinition[]> {
    const stored = await this.graph.readQuery('jobs/list-job-definitions');
    const fromGraph = stored
      .map((row) => parseJobDefinition(JSON.parse(String(row.definition)), `job ${String(row.name)}`))
      .filter((job) => !this.fileJobs.some((f) => f.name === job.name));
    return [...this.fileJobs, ...fromGraph].sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(name: string): Promise<JobDefinition> {
    const job = (await this.list()).find((j) => j.name === name);
    if (!job) throw notFound(`no job is named "${name}"`, { name });
    return job;
  }

  async define(input: unknown, definedBy: string): Promise<JobDefinition> {
    const job = parseJobDefinition(input, 'job');
    if (this.fileJobs.some((f) => f.name === job.name)) {
      throw new CausewayError(`job "${job.name}" is defined in the jobs file; change it there`, { code: 'CONFLICT', field: 'job.name' });
    }
    await this.graph.writeQuery('jobs/upsert-job-definition', { name: job.name, definition: JSON.stringify(job), now: new Date().toISOString(), definedBy });
    return job;
  }

  async createRun(job: string, owner: string): Promise<JobRunRecord> {
    const id = `run:${job}:${new Date().toISOString().replace(/[-:.]/g, '')}:${randomUUID().slice(0, 8)}`;
    const rows = await this.graph.writeQuery('jobs/create-run', { id, job, owner, now: new Date().toISOString(), counts: JSON.stringify(zeroCounts()) });
    return toRunRecord(rows[0]!.run);
  }

  /** A run left "running" by a runner that died; only meaningful while holding the job's lease. */
  async interruptedRun(job: string): Promise<JobRunRecord | null> {
    const rows = await this.graph.readQuery('jobs/find-interrupted-run', { job });
    return rows.length > 0 ? toRunRecord(rows[0]!.run) : null;
  }

  async resumeRun(id: string, owner: string): Promise<JobRunRecord> {
    const rows = await this.graph.writeQuery('jobs/resume-run', { id, owner, now: new Date().toISOString() });
    return toRunRecord(rows[0]!.run);
  }

  /**
   * Records an item's completion (checkpoint, counts, its content hash) in
   * one transaction, fenced by the lease: false when this owner lost it.
   */
  async recordProgress(run: ProgressUpdate, owner: string): Promise<boolean> {
    const rows = await this.graph.writeQuery('jobs/record-progress', {
      job: run.job,
      owner,
      runId: run.id,
      checkpoint: JSON.stringify(run.checkpoint),
      counts: JSON.stringify(run.counts),
      errors: JSON.stringify(run.errors),
      itemsDone: run.itemsDone,
      itemsTotal: run.itemsTotal,
      sources: run.sources,
      now: new Date().toISOString(),
    });
    return rows.length > 0;
  }

  async finishRun(id: string, outcome: { status: Exclude<RunStatus, 'running'>; counts: RunCounts; errors: LineError[]; failure: string | null; durationMs: number }): Promise<JobRunRecord> {
    const rows = await this.graph.writeQuery('jobs/finish-run', {
      runId: id,
      status: outcome.status,
      counts: JSON.stringify(outcome.counts),
      errors: JSON.stringify(outcome.errors),
      failure: outcome.failure,
      durationMs: outcome.durationMs,
      now: new Date().toISOString(),
    });
    return toRunRecord(rows[0]!.run);
  }

  async runs(job: string, first: number): Promise<JobRunRecord[]> {
    return (await this.graph.readQuery('jobs/list-runs', { job, limit: first })).map((row) => toRunRecord(row.run));
  }

  async run(id: string): Promise<JobRunRecord | null> {
    const rows = await this.graph.readQuery('jobs/read-run', { id });
    return rows.length > 0 ? toRunRecord(rows[0]!.run) : null;
  }

  /** The content hash each source key was last ingested with. */
  async ingestedHashes(keys: string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows = await this.graph.readQuery('ingest/read-ingested-sources', { keys });
    return new Map(rows.map((row) => [String(row.key), String(row.sha256)]));
  }
}

export interface ProgressUpdate {
  id: string;
  job: string;
  checkpoint: Checkpoint;
  counts: RunCounts;
  errors: LineError[];
  itemsDone: number;
  itemsTotal: number;
  /** Items just finished: key and content hash, so later runs skip them while unchanged. */
  sources: { key: string; sha256: string }[];
}
