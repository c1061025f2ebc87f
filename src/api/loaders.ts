import DataLoader from 'dataloader';
import type { TransactionOptions } from '../graph';
import type { Direction, DocumentInfo, Entity, KnowledgeGraph, Mention, Relation, Sentence, SupportView } from '../services/kg';
import type { GraphVersionTracker } from './GraphVersionTracker';

/**
 * One set per request: every nested field batches its keys into one
 * `UNWIND $ids` query per tick, so a page of N entities with their relations
 * costs a fixed number of Cypher statements, not N+1.
 */
export interface Loaders {
  entity: DataLoader<string, Entity | null>;
  relation: DataLoader<string, Relation | null>;
  supports: DataLoader<string, SupportView[]>;
  document: DataLoader<string, DocumentInfo | null>;
  sentence: DataLoader<string, Sentence | null>;
  sentencesOfDocument: DataLoader<string, Sentence[]>;
  /** Keyed by the field's arguments, since they shape the query. */
  relationsOf(direction: Direction, types: readonly string[] | null, first: number): DataLoader<string, Relation[]>;
  mentionsOf(first: number): DataLoader<string, Mention[]>;
}

export function createLoaders(kg: KnowledgeGraph, tx: TransactionOptions, versions: GraphVersionTracker): Loaders {
  const byArgs = new Map<string, DataLoader<string, unknown>>();
  const keyed = <V>(key: string, make: () => DataLoader<string, V>): DataLoader<string, V> => {
    let loader = byArgs.get(key) as DataLoader<string, V> | undefined;
    if (!loader) {
      loader = make();
      byArgs.set(key, loader as DataLoader<string, unknown>);
    }
    return loader;
  };
  // Made on first use: most operations touch one or two of them.
  const lazy = <V>(key: string, make: () => DataLoader<string, V>) => () => keyed(key, make);
  const entity = lazy('entity', () => new DataLoader(async (ids: readonly string[]) => versions.from(await kg.entities.getByIds(ids, tx))));
  const relation = lazy('relation', () => new DataLoader(async (ids: readonly string[]) => versions.from(await kg.relations.getByIds(ids, tx))));
  const supports = lazy('supports', () => new DataLoader(async (ids: readonly string[]) => versions.from(await kg.provenance.supportsOf(ids, tx))));
  const document = lazy('document', () => new DataLoader((ids: readonly string[]) => kg.provenance.documentsByIds(ids, tx)));
  const sentence = lazy('sentence', () => new DataLoader((ids: readonly string[]) => kg.provenance.sentencesByIds(ids, tx)));
  const sentencesOfDocument = lazy('sentencesOfDocument', () => new DataLoader((ids: readonly string[]) => kg.provenance.sentencesOf(ids, tx)));
  return {
    get entity() {
      return entity();
    },
    get relation() {
      return relation();
    },
    get supports() {
      return supports();
    },
    get document() {
      return document();
    },
    get sentence() {
      return sentence();
    },
    get sentencesOfDocument() {
      return sentencesOfDocument();
    },
    relationsOf: (direction, types, first) =>
      keyed(`relations|${direction}|${JSON.stringify(types)}|${first}`, () =>
        new DataLoader(async (ids: readonly string[]) => versions.from(await kg.relations.listForEntities(ids, direction, types, first, tx))),
      ),
    mentionsOf: (first) => keyed(`mentions|${first}`, () => new DataLoader((ids: readonly string[]) => kg.provenance.mentionsOf(ids, first, tx))),
  };
}
