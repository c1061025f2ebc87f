import type { GraphClient } from '../../graph';
import { sentenceId } from '../../services/kg';
import type { ImportRecord, LineError } from './records';

/**
 * The checks a single line cannot make alone, run over everything about to
 * be imported before anything is written: an id given twice, a relation or
 * mention naming an entity that is neither imported nor stored, evidence
 * naming a sentence that is neither. Each failure is one error for the line
 * that has it; the records returned are the ones that passed.
 */
export async function checkRecords(records: ImportRecord[], graph: GraphClient | null): Promise<{ records: ImportRecord[]; errors: LineError[] }> {
  const errors: LineError[] = [];
  const fail = (record: ImportRecord, reason: string) => errors.push({ file: record.origin.file, line: record.origin.line, reason });
  const unique = dropDuplicateIds(records, fail);

  const entityIds = new Set(unique.filter((r) => r.kind === 'entity').map((r) => r.value.id));
  const referenced = unique.flatMap((r) =>
    r.kind === 'relation' ? [r.value.from, r.value.to] : r.kind === 'document' ? r.value.sentences.flatMap((s) => s.mentions.map((m) => m.entityId)) : [],
  );
  const knownEntities = await existing(graph, 'entities/find-existing-entity-ids', [...new Set(referenced.filter((id) => !entityIds.has(id)))]);
  const isEntity = (id: string) => entityIds.has(id) || knownEntities.has(id);

  const documents = unique.filter((record) => {
    if (record.kind !== 'document') return true;
    const missing = record.value.sentences.flatMap((s) => s.mentions.map((m) => m.entityId)).find((id) => !isEntity(id));
    if (missing) fail(record, `a mention refers to entity "${missing}", which is neither in this import nor in the graph`);
    return !missing;
  });

  const sentenceIds = new Set(documents.flatMap((r) => (r.kind === 'document' ? r.value.sentences.map((_, idx) => sentenceId(r.value.id, idx)) : [])));
  const evidence = documents.flatMap((r) => (r.kind === 'relation' ? (r.value.evidence ?? []).map((e) => e.sentenceId) : []));
  const knownSentences = await existing(graph, 'provenance/find-existing-sentence-ids', [...new Set(evidence.filter((id) => !sentenceIds.has(id)))]);

  const kept = documents.filter((record) => {
    if (record.kind !== 'relation') return true;
    const { from, to, evidence: support = [] } = record.value;
    const end = [from, to].find((id) => !isEntity(id));
    if (end) {
      fail(record, `relation ${record.value.id}: entity "${end}" is neither in this import nor in the graph`);
      return false;
    }
    const sentence = support.find((e) => !sentenceIds.has(e.sentenceId) && !knownSentences.has(e.sentenceId));
    if (sentence) {
      fail(record, `relation ${record.value.id}: evidence sentence "${sentence.sentenceId}" is neither in this import nor in the graph`);
      return false;
    }
    return true;
  });
  return { records: kept, errors };
}

/**
 * A structured line may give an id only once per import (the first wins).
 * Records extracted from text share ids on purpose (one entity per name,
 * one relation per pair): those are merged at write time instead.
 */
function dropDuplicateIds(records: ImportRecord[], fail: (record: ImportRecord, reason: string) => void): ImportRecord[] {
  const firstLine = new Map<string, ImportRecord>();
  return records.filter((record) => {
    if (record.origin.line === null) return true;
    const key = `${record.kind}:${record.value.id}`;
    const first = firstLine.get(key);
    if (first) {
      fail(record, `${record.kind} id "${record.value.id}" is already given at ${first.origin.file}:${first.origin.line}`);
      return false;
    }
    firstLine.set(key, record);
    return true;
  });
}

async function existing(graph: GraphClient | null, query: string, ids: string[]): Promise<Set<string>> {
  if (!graph || ids.length === 0) return new Set();
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 10_000) {
    for (const row of await graph.readQuery(query, { ids: ids.slice(i, i + 10_000) })) found.add(String(row.id));
  }
  return found;
}
