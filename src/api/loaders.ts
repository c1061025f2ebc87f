import DataLoader from 'dataloader';
import type { TransactionOptions } from '../graph';
import type { Direction, DocumentInfo, Entity, KnowledgeGraph, Mention, Relation, Sentence, SupportView } from '../services/kg';
import type { GraphVersionTracker } from './GraphVersionTracker';

/**
 * One set per request: every nested field batches its keys into one
 * `UNWIND $ids` query per tick, so a page of N entities with their relations
 * costs a fixed number of Cypher statements, not N+1.
 *
 * Each loader is made on first use (most operations touch one or two, and
 * many none), and the set itself is a plain class: building it costs one
 * small object per request.
 */
export class Loaders {
  private made: Map<string, DataLoader<string, unknown>> | undefined;

  constructor(
    private readonly kg: KnowledgeGraph,
    private readonly tx: TransactionOptions,
    private readonly versions: GraphVersionTracker,
  ) {}

  get entity(): DataLoader<string, Entity | null> {
    return this.keyed('entity', () => new DataLoader(async (ids: readonly string[]) => this.versions.from(await this.kg.entities.getByIds(ids, this.tx))));
  }

  get relation(): DataLoader<string, Relation | null> {
    return this.keyed('relation', () => new DataLoader(async (ids: readonly string[]) => this.versions.from(await this.kg.relations.getByIds(ids, this.tx))));
  }

  get supports(): DataLoader<string, SupportView[]> {
    return this.keyed('supports', () => new DataLoader(async (ids: readonly string[]) => this.versions.from(await this.kg.provenance.supportsOf(ids, this.tx))));
  }

  get document(): DataLoader<string, DocumentInfo | null> {
    return this.keyed('document', () => new DataLoader((ids: readonly string[]) => this.kg.provenance.documentsByIds(ids, this.tx)));
  }

  get sentence(): DataLoader<string, Sentence | null> {
    return this.keyed('sentence', () => new DataLoader((ids: readonly string[]) => this.kg.provenance.sentencesByIds(ids, this.tx)));
  }

  get sentencesOfDocument(): DataLoader<string, Sentence[]> {
    return this.keyed('sentencesOfDocument', () => new DataLoader((ids: readonly string[]) => this.kg.provenance.sentencesOf(ids, this.tx)));
  }

  /** Keyed by the field's arguments, since they shape the query. */
  relationsOf(direction: Direction, types: readonly string[] | null, first: number): DataLoader<string, Relation[]> {
    return this.keyed(`relations|${direction}|${JSON.stringify(types)}|${first}`, () =>
      new DataLoader(async (ids: readonly string[]) => this.versions.from(await this.kg.relations.listForEntities(ids, direction, types, first, this.tx))),
    );
  }

  mentionsOf(first: number): DataLoader<string, Mention[]> {
    return this.keyed(`mentions|${first}`, () => new DataLoader((ids: readonly string[]) => this.kg.provenance.mentionsOf(ids, first, this.tx)));
  }

  private keyed<V>(key: string, make: () => DataLoader<string, V>): DataLoader<string, V> {
    this.made ??= new Map();
    let loader = this.made.get(key) as DataLoader<string, V> | undefined;
    if (!loader) {
      loader = make();
      this.made.set(key, loader as DataLoader<string, unknown>);
    }
    return loader;
  }
}
