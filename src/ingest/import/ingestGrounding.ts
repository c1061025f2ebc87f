import { badUserInput } from '../../errors';
import type { GraphClient } from '../../graph';
import { feedEmbeddingQueue, GroundingService, type GroundingServiceOptions } from '../../services/grounding';
import type { KnowledgeGraph } from '../../services/kg';
import type { MentionResolver } from './groundTextSource';

/** What an ingestion run (CLI or job worker) grounds with. */
export interface IngestGrounding {
  /** The knowledge graph to write through: with a model, entity upserts feed the embedding queue. */
  kg: KnowledgeGraph;
  /** Null when no embedding model could be loaded: mentions are then resolved by normalised name. */
  resolver: MentionResolver | null;
  /** Waits for queued embeddings (so none is lost when the process exits) and releases the model. */
  close(): Promise<void>;
}

/**
 * Grounding for ingestion when a model is there: GroundingService as the
 * mention resolver, and entity writes feeding its EmbeddingQueue (as the API
 * does), so vectors are computed in the background, off the write path. The
 * model is loaded here, once, so a missing model is found before any source is
 * read and the run falls back to normalised-name resolution, saying so on `log`.
 */
export async function ingestGrounding(
  graph: GraphClient,
  kg: KnowledgeGraph,
  log: (line: string) => void,
  options: GroundingServiceOptions = {},
): Promise<IngestGrounding> {
  let embedded = 0;
  const service = new GroundingService(graph, {
    ...options,
    queue: {
      ...options.queue,
      onBatch: (report) => (embedded += report.embedded),
      onError: (error, ids) => log(`grounding: embedding ${ids.length} entities failed (${(error as Error).message}); \`causeway grounding backfill\` picks them up`),
    },
  });
  try {
    await service.embeddings();
  } catch (error) {
    await service.close().catch(() => {});
    log(`grounding: no embedding model (${(error as Error).message}); text mentions are resolved by normalised name and no embeddings are computed`);
    return { kg, resolver: null, close: async () => {} };
  }
  return {
    kg: feedEmbeddingQueue(kg, service.queue),
    resolver: service,
    close: async () => {
      const waiting = service.queue.size;
      await service.close();
      if (waiting > 0 || embedded > 0) log(`grounding: ${embedded} entity embeddings stored`);
    },
  };
}

/** `--resolve-mentions name`: no model is loaded, mentions are resolved by normalised name, and nothing is embedded. */
export function nameOnlyGrounding(kg: KnowledgeGraph, log: (line: string) => void): IngestGrounding {
  log('grounding: off (--resolve-mentions name); text mentions are resolved by normalised name and no embeddings are computed');
  return { kg, resolver: null, close: async () => {} };
}

export type MentionResolution = 'auto' | 'name';

export function parseMentionResolution(value: string | undefined): MentionResolution {
  if (value === undefined || value === 'auto' || value === 'name') return value ?? 'auto';
  throw badUserInput(`--resolve-mentions must be auto or name, got "${value}"`, 'resolve-mentions');
}
