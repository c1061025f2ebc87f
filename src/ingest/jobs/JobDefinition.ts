import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Cron } from 'croner';
import { z } from 'zod';
import { badUserInput, CausewayError } from '../../errors';

/**
 * A scheduled ingestion job: where its documents come from (a directory
 * glob, one file, or an HTTP(S) URL), their format, and when it runs (a
 * cron expression, croner syntax: 5 or 6 fields, optional seconds).
 */
const source = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('glob'), pattern: z.string().min(1).max(2048) }),
  z.object({ kind: z.literal('file'), path: z.string().min(1).max(2048) }),
  z.object({ kind: z.literal('url'), url: z.string().url().max(2048).refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL') }),
]);

const options = z
  .object({
    /** Any bad line in an item: nothing of that item is written. */
    strict: z.boolean().default(false),
    batchSize: z.number().int().min(1).max(1000).default(500),
    /** How long a lease lasts without a heartbeat; heartbeats come every third of it. */
    leaseTtlMs: z.number().int().min(1000).max(3_600_000).default(30_000),
    /** Retries of one item on transient errors (database unreachable, HTTP 5xx/429, network). */
    maxRetries: z.number().int().min(0).max(20).default(5),
    retryBaseMs: z.number().int().min(1).max(60_000).default(500),
    retryMaxMs: z.number().int().min(1).max(600_000).default(30_000),
    timezone: z.string().max(64).optional(),
  })
  .strict();

export const jobDefinitionSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (at most 64)'),
    schedule: z.string().min(1).max(128),
    source,
    format: z.enum(['jsonl', 'csv', 'text']).optional(),
    options: options.default({}),
  })
  .strict();

export type JobDefinition = z.infer<typeof jobDefinitionSchema>;
export type JobSource = JobDefinition['source'];
export type JobOptions = JobDefinition['options'];

/** Validates a definition from a config file or GraphQL; paths are resolved against `baseDir`. */
export function parseJobDefinition(value: unknown, field = 'job', baseDir?: string): JobDefinition {
  const parsed = jobDefinitionSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = [field, ...issue.path].join('.');
    throw badUserInput(`${path}: ${issue.message}`, path);
  }
  const job = parsed.data;
  try {
    new Cron(job.schedule, { paused: true, timezone: job.options.timezone });
  } catch (error) {
    throw badUserInput(`${field}.schedule "${job.schedule}" is not a cron expression: ${(error as Error).message}`, `${field}.schedule`);
  }
  if (baseDir && job.source.kind === 'glob' && !isAbsolute(job.source.pattern)) job.source.pattern = resolve(baseDir, job.source.pattern);
  if (baseDir && job.source.kind === 'file' && !isAbsolute(job.source.path)) job.source.path = resolve(baseDir, job.source.path);
  return job;
}

/** `CAUSEWAY_JOBS_FILE`: `{"jobs": [definition…]}` or a bare array; relative paths are relative to the file. */
export function loadJobsFile(path: string): JobDefinition[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CausewayError(`cannot read the jobs file ${path}: ${(error as Error).message}`, { code: 'CONFIG_ERROR', cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CausewayError(`the jobs file ${path} is not JSON: ${(error as Error).message}`, { code: 'CONFIG_ERROR' });
  }
  const list = Array.isArray(json) ? json : (json as { jobs?: unknown })?.jobs;
  if (!Array.isArray(list)) throw new CausewayError(`the jobs file ${path} must hold {"jobs": [...]} or an array`, { code: 'CONFIG_ERROR' });
  const jobs = list.map((item, i) => {
    try {
      return parseJobDefinition(item, `jobs[${i}]`, dirname(resolve(path)));
    } catch (error) {
      throw new CausewayError(`${path}: ${(error as Error).message}`, { code: 'CONFIG_ERROR', cause: error });
    }
  });
  const names = new Set<string>();
  for (const job of jobs) {
    if (names.has(job.name)) throw new CausewayError(`${path}: job "${job.name}" is defined twice`, { code: 'CONFIG_ERROR' });
    names.add(job.name);
  }
  return jobs;
}
