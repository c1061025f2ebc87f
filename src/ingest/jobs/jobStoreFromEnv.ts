import type { GraphClient } from '../../graph';
import { loadJobsFile } from './JobDefinition';
import { JobStore } from './JobStore';

/** The job store with the definitions of `CAUSEWAY_JOBS_FILE` (when set) beside those in the graph. */
export function jobStoreFromEnv(graph: GraphClient, env: NodeJS.ProcessEnv = process.env): JobStore {
  const file = env.CAUSEWAY_JOBS_FILE;
  return new JobStore(graph, file ? loadJobsFile(file) : []);
}
