import type { GraphClient, GraphTransaction, TransactionOptions } from '../../graph';
import { versionOf } from './rows';

/**
 * The change log's size: versions kept (a ring of slots, version modulo this)
 * and entities one version may name (an ingestion batch of 500 relations names
 * up to 1,000). A rule set maintained further behind, or after a write touching
 * more, reads every base fact again. At most ~30 MB of ids in all; logging
 * costs ingestion nothing measurable (`npm run bench ingest`, caps of 256 and
 * 1,000 interleaved, three runs each: (a)/(b) 66–77% either way).
 */
export const CHANGE_LOG = { logSlots: 1024, logCap: 1000 } as const;

/**
 * What a write changed, for the change log: the entities whose properties or
 * incident relationships it created, changed or deleted (both endpoints of a
 * relationship, or one that a deletion removes with all its relationships),
 * or `'unknown'`. A write that names too few makes rule maintenance miss a
 * change; `'unknown'` only makes it read everything.
 */
export type Touched = readonly string[] | 'unknown';

/**
 * Advances the graph version inside the caller's write transaction, logging
 * what the write touched; returns the new version. (The upsert statements
 * advance it and log their own change; they take CHANGE_LOG as parameters.)
 */
export async function bumpVersion(tx: GraphTransaction, touched: Touched): Promise<number> {
  return versionOf(await tx.run('version/bump-graph-version', { ...CHANGE_LOG, touched: touched === 'unknown' ? null : [...new Set(touched)] }));
}

/** Sets the version (an import restores the exported one) and clears the change log in one transaction: it described another history. */
export async function setVersion(graph: GraphClient, version: number): Promise<number> {
  return graph.write(async (tx) => {
    await tx.run('version/clear-change-log');
    return versionOf(await tx.run('version/set-graph-version', { version }));
  });
}

export async function currentVersion(graph: GraphClient, tx?: TransactionOptions): Promise<number> {
  return versionOf(await graph.readQuery('version/read-graph-version', {}, tx));
}
