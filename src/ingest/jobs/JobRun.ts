import type { LineError } from '../import';

export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed';

/** What a run did, item by item (an item: one file or one URL). */
export interface RunCounts {
  items: number;
  /** Items whose content (SHA-256) was already ingested: not read further. */
  skipped: number;
  lines: number;
  entitiesCreated: number;
  entitiesUpdated: number;
  relationsCreated: number;
  relationsUpdated: number;
  documentsCreated: number;
  documentsReplaced: number;
  retractedRelations: number;
  retries: number;
}

export interface JobRunRecord {
  id: string;
  job: string;
  status: RunStatus;
  owner: string;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  itemsDone: number;
  itemsTotal: number;
  /** How many times a crashed run was picked up again. */
  resumes: number;
  counts: RunCounts;
  /** Bad lines and failed items (the first MAX_RECORDED_ERRORS). */
  errors: LineError[];
  failure: string | null;
  checkpoint: Checkpoint;
}

/** Items finished by this run; a resumed run skips them. */
export interface Checkpoint {
  done: string[];
}

export const MAX_RECORDED_ERRORS = 100;

export const zeroCounts = (): RunCounts => ({
  items: 0,
  skipped: 0,
  lines: 0,
  entitiesCreated: 0,
  entitiesUpdated: 0,
  relationsCreated: 0,
  relationsUpdated: 0,
  documentsCreated: 0,
  documentsReplaced: 0,
  retractedRelations: 0,
  retries: 0,
});

export function toRunRecord(value: unknown): JobRunRecord {
  const r = value as Record<string, unknown>;
  return {
    id: String(r.id),
    job: String(r.job),
    status: String(r.status) as RunStatus,
    owner: String(r.owner),
    startedAt: String(r.startedAt),
    updatedAt: String(r.updatedAt),
    finishedAt: (r.finishedAt as string | undefined) ?? null,
    durationMs: typeof r.durationMs === 'number' ? r.durationMs : null,
    itemsDone: Number(r.itemsDone ?? 0),
    itemsTotal: Number(r.itemsTotal ?? 0),
    resumes: Number(r.resumes ?? 0),
    counts: { ...zeroCounts(), ...(JSON.parse(String(r.counts ?? '{}')) as Partial<RunCounts>) },
    errors: JSON.parse(String(r.errors ?? '[]')) as LineError[],
    failure: (r.failure as string | undefined) ?? null,
    checkpoint: JSON.parse(String(r.checkpoint ?? '{"done":[]}')) as Checkpoint,
  };
}
