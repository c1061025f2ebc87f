import type { GraphClient } from '../../graph';
import { EntityService, type KnowledgeGraph, type UpsertReport, type WriteContext } from '../kg';
import type { EmbeddingQueue } from './EmbeddingQueue';

/** An EntityService whose upserts hand the ids they created or changed to the embedding queue, after the write commits. */
class QueueFeedingEntityService extends EntityService {
  constructor(
    graph: GraphClient,
    private readonly queue: EmbeddingQueue,
  ) {
    super(graph);
  }

  override async upsert(input: unknown, context: WriteContext): Promise<UpsertReport> {
    const report = await super.upsert(input, context);
    this.queue.enqueue([...report.created, ...report.updated]);
    return report;
  }
}

/** The same knowledge graph, with entity upserts feeding `queue` (the API's hook for background embedding). */
export function feedEmbeddingQueue(kg: KnowledgeGraph, queue: EmbeddingQueue): KnowledgeGraph {
  return { ...kg, entities: new QueueFeedingEntityService(kg.graph, queue) };
}
