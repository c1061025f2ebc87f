import { rmSync } from 'node:fs';
import type { LocalServer } from '../../src/graph';

/** Stops the shared Neo4j and removes the run's temporary directory (Neo4j stores are ~0.5 GB each). */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __NEO4J_SERVER__?: LocalServer }).__NEO4J_SERVER__?.stop();
  const runTmp = (globalThis as { __CAUSEWAY_RUN_TMP__?: string }).__CAUSEWAY_RUN_TMP__;
  if (runTmp) rmSync(runTmp, { recursive: true, force: true });
}
