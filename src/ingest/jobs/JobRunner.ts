import type { KnowledgeGraph } from '../../services/kg';
import { formatOf, importSources, sha256Hex, type ImportSummary, type LineError, type MentionResolver } from '../import';
import type { JobDefinition } from './JobDefinition';
import { JobLease } from '../../services/leases/JobLease';
import { MAX_RECORDED_ERRORS, type JobRunRecord, type RunCounts } from './JobRun';
import { JobStore } from './JobStore';
import { listItems, type SourceItem } from './jobSources';
import { retryTransient } from './retryTransient';

export interface RunOptions {
  owner: string;
  /** Called after each item with the run as recorded. */
  onProgress?: (run: { id: string; itemsDone: number; itemsTotal: number; counts: RunCounts }) => void;
  /** Called once the lease is held and the run recorded, before any item is read. */
  onStarted?: (runId: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /** Resolves text mentions against existing entities; absent: by normalised name (see importSources). */
  grounding?: MentionResolver | null;
}

export type RunOutcome = { status: 'skipped'; reason: string; holder: string | null; remainingMs: number } | { status: 'ran'; run: JobRunRecord };

/**
 * One run of a job, exactly once in effect however many replicas try and
 * however often the process dies:
 *  1. take the job's lease (else skip: another runner has it);
 *  2. pick up the run a dead runner left "running" (its checkpoint lists the
 *     items it finished), or record a new one;
 *  3. for each item not in the checkpoint: read it, skip it when its SHA-256
 *     is the one last ingested, else import it (a changed document's old
 *     facts are retracted by the importer) — retrying transient failures
 *     with backoff — and record the item in the checkpoint, fenced by the lease;
 *  4. record the outcome and release the lease.
 * A crash between an item's writes and its checkpoint repeats that item on
 * resume; the importer's writes are idempotent upserts, so nothing doubles.
 */
export async function runJob(kg: KnowledgeGraph, store: JobStore, job: JobDefinition, options: RunOptions): Promise<RunOutcome> {
  const { lease, holder, remainingMs } = await JobLease.acquire(kg.graph, job.name, options.owner, job.options.leaseTtlMs);
  if (!lease) return { status: 'skipped', reason: `job ${job.name} is being run by ${holder ?? 'another runner'}`, holder, remainingMs };
  const started = Date.now();
  let run: JobRunRecord | null = null;
  try {
    const interrupted = await store.interruptedRun(job.name);
    run = interrupted ? await store.resumeRun(interrupted.id, options.owner) : await store.createRun(job.name, options.owner);
    options.onStarted?.(run.id);
    const counts = run.counts;
    const errors = run.errors;
    const done = new Set(run.checkpoint.done);
    const policy = {
      retries: job.options.maxRetries,
      baseDelayMs: job.options.retryBaseMs,
      maxDelayMs: job.options.retryMaxMs,
      sleep: options.sleep,
      onRetry: () => counts.retries++,
    };
    const items = await retryTransient(async () => listItems(job.source), policy);
    const pending = items.filter((item) => !done.has(item.key));
    const known = await retryTransient(() => store.ingestedHashes(pending.map((item) => sourceKey(job, item))), policy);
    let failure: string | null = null;
    for (const item of pending) {
      if (lease.lost.aborted) throw lease.lost.reason;
      let sha: string | null = null;
      try {
        sha = await retryTransient(() => ingestItem(kg, job, item, known, counts, errors, options.grounding ?? null), policy);
        counts.items++;
      } catch (error) {
        if (isFatal(error)) {
          failure = `${item.key}: ${(error as Error).message}`;
          break;
        }
        record(errors, { file: item.key, line: null, reason: (error as Error).message });
      }
      done.add(item.key);
      const recorded = await retryTransient(
        () =>
          store.recordProgress(
            {
              id: run!.id,
              job: job.name,
              checkpoint: { done: [...done] },
              counts,
              errors,
              itemsDone: done.size,
              itemsTotal: items.length,
              sources: sha ? [{ key: sourceKey(job, item), sha256: sha }] : [],
            },
            options.owner,
          ),
        policy,
      );
      if (!recorded) throw new Error(`the lease on job ${job.name} was lost; stopping before recording more`);
      options.onProgress?.({ id: run.id, itemsDone: done.size, itemsTotal: items.length, counts });
    }
    const status = failure ? 'failed' : errors.length > 0 ? 'partial' : 'succeeded';
    const finished = await retryTransient(() => store.finishRun(run!.id, { status, counts, errors, failure, durationMs: Date.now() - started }), policy);
    return { status: 'ran', run: finished };
  } finally {
    // A run that throws stays "running": the next holder of the lease resumes it from its checkpoint.
    await lease.release();
  }
}

/**
 * Reads and imports one item; returns its SHA-256, or throws. Unchanged
 * content (same SHA-256 as last ingested) is counted as skipped, unread further.
 */
async function ingestItem(
  kg: KnowledgeGraph,
  job: JobDefinition,
  item: SourceItem,
  known: Map<string, string>,
  counts: RunCounts,
  errors: LineError[],
  grounding: MentionResolver | null,
): Promise<string> {
  const content = await item.read();
  const sha = sha256Hex(content);
  if (known.get(sourceKey(job, item)) === sha) {
    counts.skipped++;
    return sha;
  }
  const summary = await importSources(kg, [{ name: item.key, content, format: formatOf(item.key, job.format) }], {
    strict: job.options.strict,
    batchSize: job.options.batchSize,
    assertedBy: `job:${job.name}`,
    grounding,
  });
  addSummary(counts, summary);
  for (const error of summary.errors) record(errors, error);
  return sha;
}

/** Errors that no retry and no other item can fix: the database refusing us after all retries. */
function isFatal(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'DATABASE_UNAVAILABLE' || code === 'TIMEOUT' || (error as Error).name === 'TransientError' || code === 'ECONNREFUSED';
}

function addSummary(counts: RunCounts, s: ImportSummary): void {
  counts.lines += s.lines;
  counts.entitiesCreated += s.entities.created;
  counts.entitiesUpdated += s.entities.updated;
  counts.relationsCreated += s.relations.created;
  counts.relationsUpdated += s.relations.updated;
  counts.documentsCreated += s.documents.created;
  counts.documentsReplaced += s.documents.replaced;
  counts.retractedRelations += s.retractedRelations;
}

function record(errors: LineError[], error: LineError): void {
  if (errors.length < MAX_RECORDED_ERRORS) errors.push(error);
}

/** Sources are remembered per job: two jobs reading one file each ingest it. */
export function sourceKey(job: JobDefinition, item: SourceItem): string {
  return `${job.name}|${item.key}`;
}
