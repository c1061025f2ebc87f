import type { EntityInput, KnowledgeGraph, RelationInput, WriteContext } from '../../services/kg';
import { inFlight } from '../../util/inFlight';
import type { ImportRecord } from './records';

export interface ChangeCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface WriteCounts {
  entities: ChangeCounts;
  relations: ChangeCounts;
  /** `replaced`: stored with other content, retracted and stored anew. */
  documents: { created: number; unchanged: number; replaced: number };
  /** Relations deleted because only a replaced document's old version supported them (not restated by the new one). */
  retractedRelations: number;
}

export interface WriteOptions {
  context: WriteContext;
  /** Rows per transaction (entities, relations); documents go at most 100 at a time. */
  batchSize: number;
  /** Called after each committed batch with the records it covered. */
  onBatch?: (records: number) => void;
  /**
   * Entity (and relation) batches written at once, each in its own transaction
   * (default 2: one runs its statement while the one before commits). Kinds
   * still follow each other: relations start once every entity batch committed.
   */
  inFlight?: number;
}

const MAX_DOCUMENTS_PER_BATCH = 100;
export const DEFAULT_IN_FLIGHT = 2;


export const emptyCounts = (): WriteCounts => ({
  entities: { created: 0, updated: 0, unchanged: 0 },
  relations: { created: 0, updated: 0, unchanged: 0 },
  documents: { created: 0, unchanged: 0, replaced: 0 },
  retractedRelations: 0,
});

/**
 * Writes checked records through the knowledge-graph services, one batch per
 * transaction and one statement per batch and kind (an `UNWIND $rows MERGE …`
 * with change detection and the version bump, behind the service): entities
 * first, then documents with their sentences and mentions (the mentions need
 * the entities), then relations with their supports (which need the
 * sentences). Within a kind, two batches are in flight at a time. Every
 * write is an upsert by id that writes nothing when nothing changed, so
 * applying the same records twice — after a crash, or a second import —
 * leaves the graph and its version as they were.
 */
export async function writeRecords(kg: KnowledgeGraph, records: ImportRecord[], options: WriteOptions, counts = emptyCounts()): Promise<WriteCounts> {
  const { entities, createOnly } = entitiesOf(records);
  const documents = records.flatMap((r) => (r.kind === 'document' ? [r.value] : []));
  const relations = relationsOf(records);
  const tick = (n: number) => options.onBatch?.(n);
  const retracted = new Set<string>();

  const newOnly = await missingEntities(kg, createOnly.map((e) => e.id));
  const toWrite = [...entities, ...createOnly.filter((e) => newOnly.has(e.id))];
  counts.entities.unchanged += createOnly.length - newOnly.size;
  const depth = options.inFlight ?? DEFAULT_IN_FLIGHT;
  await inFlight(chunks(toWrite, options.batchSize), depth, async (batch) => {
    add(counts.entities, await kg.entities.upsert(batch, options.context));
    tick(batch.length);
  });
  tick(createOnly.length - newOnly.size);

  for (const batch of chunks(documents, MAX_DOCUMENTS_PER_BATCH)) {
    // One round trip stores the new documents and names the changed ones, which are then
    // retracted — with what only their old version supported — and stored again.
    const report = await kg.provenance.storeDocumentVersions(batch, options.context);
    counts.documents.created += report.created.length;
    counts.documents.unchanged += report.unchanged.length;
    if (report.changed.length > 0) {
      for (const id of report.changed) {
        for (const relation of (await kg.provenance.retractDocument(id, options.context)).deletedRelations) retracted.add(relation);
      }
      const changed = new Set(report.changed);
      await kg.provenance.storeDocumentVersions(batch.filter((d) => changed.has(d.id)), options.context);
      counts.documents.replaced += report.changed.length;
    }
    tick(batch.length);
  }

  await inFlight(chunks(relations, options.batchSize), depth, async (batch) => {
    add(counts.relations, await kg.relations.upsert(batch, options.context));
    tick(batch.length);
  });
  // A relation the new version states again was deleted and re-created, not retracted.
  for (const relation of relations) retracted.delete(relation.id);
  counts.retractedRelations += retracted.size;
  return counts;
}

/** Explicit entity lines, and the entities text names (to create only if new), one per id. */
function entitiesOf(records: ImportRecord[]) {
  const explicit = new Map<string, EntityInput>();
  const named = new Map<string, EntityInput>();
  for (const r of records) {
    if (r.kind !== 'entity') continue;
    (r.createOnly ? named : explicit).set(r.value.id, r.value);
  }
  for (const id of explicit.keys()) named.delete(id);
  return { entities: [...explicit.values()], createOnly: [...named.values()] };
}

/** One input per relation id; evidence for one id from several documents is merged. */
function relationsOf(records: ImportRecord[]): RelationInput[] {
  const byId = new Map<string, RelationInput>();
  for (const r of records) {
    if (r.kind !== 'relation') continue;
    const before = byId.get(r.value.id);
    if (!before) byId.set(r.value.id, { ...r.value, evidence: r.value.evidence ? [...r.value.evidence] : undefined });
    else if (r.value.evidence) before.evidence = [...(before.evidence ?? []), ...r.value.evidence];
  }
  return [...byId.values()];
}

async function missingEntities(kg: KnowledgeGraph, ids: string[]): Promise<Set<string>> {
  const missing = new Set(ids);
  for (const batch of chunks(ids, 10_000)) {
    for (const row of await kg.graph.readQuery('entities/find-existing-entity-ids', { ids: batch })) missing.delete(String(row.id));
  }
  return missing;
}

function add(total: ChangeCounts, report: { created: string[]; updated: string[]; unchanged: string[] }): void {
  total.created += report.created.length;
  total.updated += report.updated.length;
  total.unchanged += report.unchanged.length;
}

export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
