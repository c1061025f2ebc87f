/** Scheduled ingestion jobs: definitions, leases, runs with checkpoints, the scheduler. */
export { parseJobDefinition, loadJobsFile, jobDefinitionSchema } from './JobDefinition';
export type { JobDefinition, JobSource, JobOptions } from './JobDefinition';
export { JobStore } from './JobStore';
export { JobLease, newOwnerId } from '../../services/leases/JobLease';
export { runJob, sourceKey } from './JobRunner';
export type { RunOptions, RunOutcome } from './JobRunner';
export { JobScheduler } from './JobScheduler';
export { listItems } from './jobSources';
export { retryTransient, isTransient, TransientError } from './retryTransient';
export type { JobRunRecord, RunCounts, RunStatus, Checkpoint } from './JobRun';
export { jobStoreFromEnv } from './jobStoreFromEnv';
