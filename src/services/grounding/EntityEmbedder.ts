import type { GraphClient } from '../../graph';
import type { EmbeddingProvider } from '../../grounding';
import { entityEmbeddingText } from './entityEmbeddingText';

export interface EmbedIdsReport {
  /** Vectors stored. */
  embedded: number;
  /** Ids that were gone, or changed again while their vector was computed (a newer upsert re-queues them). */
  skipped: number;
}

export interface BackfillReport extends EmbedIdsReport {
  modelChecksum: string;
  pages: number;
}

/**
 * Computes and stores entity embeddings: the vector of
 * entityEmbeddingText(entity) in `embedding`, the model's checksum in
 * `embeddingModel`, and the `updatedAt` it was computed from in
 * `embeddedFrom` (so staleness is a property comparison, and a vector of
 * replaced text is never stored).
 */
export class EntityEmbedder {
  constructor(
    private readonly graph: GraphClient,
    private readonly provider: () => Promise<EmbeddingProvider>,
  ) {}

  async embedIds(ids: readonly string[], signal?: AbortSignal): Promise<EmbedIdsReport> {
    if (ids.length === 0) return { embedded: 0, skipped: 0 };
    const rows = await this.graph.readQuery('grounding/read-entity-texts', { ids: [...new Set(ids)] });
    if (rows.length === 0) return { embedded: 0, skipped: ids.length };
    const provider = await this.provider();
    const texts = rows.map((row) =>
      entityEmbeddingText({ name: String(row.name), aliases: (row.aliases as string[]) ?? [], description: (row.description as string | null) ?? null }),
    );
    const { vectors, info } = await provider.embed(texts, { signal });
    const written = await this.graph.writeQuery('grounding/write-entity-embeddings', {
      checksum: info.modelChecksum,
      rows: rows.map((row, i) => ({ id: row.id, updatedAt: row.updatedAt, embedding: Array.from(vectors[i]!) })),
    });
    return { embedded: written.length, skipped: new Set(ids).size - written.length };
  }

  /**
   * Re-embeds every entity whose vector is missing, from another model
   * (`embeddingModel` differs from the current checksum) or older than its
   * text, a page at a time in id order; `after`/`before` restrict it to an
   * id range (exclusive bounds), e.g. to split the work between processes.
   */
  async backfill(options: { pageSize?: number; signal?: AbortSignal; after?: string; before?: string } = {}): Promise<BackfillReport> {
    const pageSize = options.pageSize ?? 256;
    const checksum = (await this.provider()).info.modelChecksum;
    const report: BackfillReport = { modelChecksum: checksum, embedded: 0, skipped: 0, pages: 0 };
    let after = options.after ?? '';
    const before = options.before ?? null;
    for (;;) {
      options.signal?.throwIfAborted();
      const rows = await this.graph.readQuery('grounding/find-stale-entities', { checksum, after, before, limit: pageSize });
      if (rows.length === 0) return report;
      const ids = rows.map((row) => String(row.id));
      const page = await this.embedIds(ids, options.signal);
      report.embedded += page.embedded;
      report.skipped += page.skipped;
      report.pages += 1;
      after = ids[ids.length - 1]!;
    }
  }
}
