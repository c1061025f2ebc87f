import type { GraphClient, GraphTransaction, TransactionOptions } from '../../graph';
import { versionOf } from './rows';

/** Advances the graph version inside the caller's write transaction; returns the new version. */
export async function bumpVersion(tx: GraphTransaction): Promise<number> {
  return versionOf(await tx.run('version/bump-graph-version'));
}

export async function currentVersion(graph: GraphClient, tx?: TransactionOptions): Promise<number> {
  return versionOf(await graph.readQuery('version/read-graph-version', {}, tx));
}
