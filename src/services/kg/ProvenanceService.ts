import { createHash } from 'node:crypto';
import { badUserInput, CausewayError, invariant, notFound } from '../../errors';
import type { GraphClient, GraphTransaction, TransactionOptions } from '../../graph';
import { combineEvidence } from './evidence';
import { bumpVersion, CHANGE_LOG } from './graphVersion';
import type { DocumentInfo, Mention, Sentence, Versioned } from './model';
import { readStoredRelations } from './RelationService';
import { toDocument, toMention, toSentence, versionOf } from './rows';
import { checkId, mentionId, sentenceId, validateDocumentInputs, type DocumentInput } from './validation';
import { timestamp, type WriteContext } from './WriteContext';

export interface SupportView {
  confidence: number;
  sentence: Sentence;
  document: DocumentInfo;
  mentions: Mention[];
}

export interface RetractReport {
  /** Relations no other source supported: deleted with the document. */
  deletedRelations: string[];
  /** Relations that lost this document's support but keep others (or were asserted). */
  updatedRelations: string[];
  graphVersion: number;
}

export class ProvenanceService {
  constructor(private readonly graph: GraphClient) {}

  /**
   * Stores documents with their sentences and mentions, in one round trip
   * (provenance/upsert-documents). A document is immutable once stored: the
   * same content again is a no-op, different content under a stored id is a
   * CONFLICT (retract it first).
   */
  async upsertDocuments(input: unknown, context: WriteContext): Promise<{ created: string[]; unchanged: string[]; graphVersion: number }> {
    const documents = validateDocumentInputs(input);
    return this.graph.write(async (tx) => {
      const stored = await storeDocuments(tx, documents, 'contentHash', context);
      const created: string[] = [];
      const unchanged: string[] = [];
      documents.forEach((doc, index) => {
        const row = stored.rows.get(doc.id)!;
        if (row.differs) {
          throw new CausewayError(`document ${doc.id} is stored with other content; retract it before storing a new version`, {
            code: 'CONFLICT',
            field: `documents[${index}].id`,
          });
        }
        if (row.existed) unchanged.push(doc.id);
        else {
          checkMentionedEntities(doc, index, row.unknownEntities);
          created.push(doc.id);
        }
      });
      return { created, unchanged, graphVersion: stored.graphVersion };
    }, context.tx);
  }

  /**
   * Ingestion's document write, in one round trip: new documents are stored
   * as by upsertDocuments; one stored with the same `sha256` is unchanged; one
   * stored with another `sha256` is left as it is and reported `changed`, for
   * the caller to retract and store again.
   */
  async storeDocumentVersions(
    input: unknown,
    context: WriteContext,
  ): Promise<{ created: string[]; unchanged: string[]; changed: string[]; graphVersion: number }> {
    const documents = validateDocumentInputs(input);
    return this.graph.write(async (tx) => {
      const stored = await storeDocuments(tx, documents, 'sha256', context);
      const report = { created: [] as string[], unchanged: [] as string[], changed: [] as string[], graphVersion: stored.graphVersion };
      documents.forEach((doc, index) => {
        const row = stored.rows.get(doc.id)!;
        if (row.existed) (row.differs ? report.changed : report.unchanged).push(doc.id);
        else {
          checkMentionedEntities(doc, index, row.unknownEntities);
          report.created.push(doc.id);
        }
      });
      return report;
    }, context.tx);
  }

  /** For each relation id, the sentences supporting it, most confident first. */
  async supportsOf(relationIds: readonly string[], tx?: TransactionOptions): Promise<Versioned<SupportView[][]>> {
    const rows = await this.graph.readQuery('provenance/read-relation-provenance', { ids: relationIds }, tx);
    const byId = new Map(
      rows.map((row) => [
        String(row.id),
        ((row.supports as Record<string, unknown>[]) ?? []).map((s) => ({
          confidence: Number(s.confidence),
          sentence: toSentence(s.sentence),
          document: toDocument(s.document),
          mentions: ((s.mentions as unknown[]) ?? []).map(toMention),
        })),
      ]),
    );
    return { graphVersion: versionOf(rows), value: relationIds.map((id) => byId.get(id) ?? []) };
  }

  async sentencesOf(documentIds: readonly string[], tx?: TransactionOptions): Promise<Sentence[][]> {
    const rows = await this.graph.readQuery('provenance/read-document-sentences', { ids: documentIds }, tx);
    const byId = new Map(rows.map((row) => [String(row.id), ((row.sentences as unknown[]) ?? []).map(toSentence)]));
    return documentIds.map((id) => byId.get(id) ?? []);
  }

  async mentionsOf(entityIds: readonly string[], limit: number, tx?: TransactionOptions): Promise<Mention[][]> {
    const rows = await this.graph.readQuery('provenance/read-entity-mentions', { ids: entityIds, limit }, tx);
    const byId = new Map(rows.map((row) => [String(row.id), ((row.mentions as unknown[]) ?? []).map(toMention)]));
    return entityIds.map((id) => byId.get(id) ?? []);
  }

  async sentencesByIds(ids: readonly string[], tx?: TransactionOptions): Promise<(Sentence | null)[]> {
    const rows = await this.graph.readQuery('provenance/read-sentences-by-id', { ids }, tx);
    const byId = new Map(rows.map((row) => [String(row.id), toSentence(row.sentence)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async documentsByIds(ids: readonly string[], tx?: TransactionOptions): Promise<(DocumentInfo | null)[]> {
    const rows = await this.graph.readQuery('provenance/read-documents-by-id', { ids }, tx);
    const byId = new Map(rows.map((row) => [String(row.id), toDocument(row.document)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * Removes a document, its sentences and mentions, and what only it
   * supported: a non-asserted relation left without supporting sentences is
   * deleted; one with other support gets its strength recombined from the
   * sentences that remain; an asserted one keeps its strength.
   */
  async retractDocument(id: string, context: WriteContext): Promise<RetractReport> {
    checkId(id, 'id');
    return this.graph.write(async (tx) => {
      const now = timestamp(context);
      const found = await tx.run('provenance/find-document-assertions', { id });
      if (found.length === 0) throw notFound(`no document has id "${id}"`, { id });
      const relationIds = (found[0]!.relationIds as string[]) ?? [];
      await tx.run('provenance/delete-document', { id });
      const after = await readStoredRelations(tx, relationIds);
      const deletedRelations: string[] = [];
      const updates: { id: string; props: Record<string, unknown>; updatedAt: string }[] = [];
      for (const relation of after.values()) {
        const source = (relation.props?.source as string | undefined) ?? 'asserted';
        const confidences = relation.supports.map((s) => s.confidence);
        if (source !== 'asserted' && confidences.length === 0) {
          deletedRelations.push(relation.id);
        } else {
          const props: Record<string, unknown> = { evidenceCount: confidences.length };
          if (source !== 'asserted') props.strength = combineEvidence(confidences);
          updates.push({ id: relation.id, props, updatedAt: now });
        }
      }
      if (deletedRelations.length > 0) await tx.run('relations/delete-relations', { ids: deletedRelations });
      if (updates.length > 0) await tx.run('relations/update-relation-evidence', { rows: updates });
      const touched = [...after.values()].flatMap((relation) => [relation.from, relation.to]);
      return { deletedRelations, updatedRelations: updates.map((u) => u.id), graphVersion: await bumpVersion(tx, touched) };
    }, context.tx);
  }
}

/** Identifies a document's content, so storing it again can be told from changing it. */
function contentHash(doc: DocumentInput): string {
  const canonical = JSON.stringify([doc.uri ?? null, doc.sha256 ?? null, doc.title ?? null, doc.sentences]);
  return createHash('sha256').update(canonical).digest('hex');
}

interface StoredDocumentRow {
  existed: boolean;
  differs: boolean;
  unknownEntities: Set<string>;
}

/** Runs provenance/upsert-documents: new documents written, every document's verdict returned by id. */
async function storeDocuments(tx: GraphTransaction, documents: DocumentInput[], sameKey: 'contentHash' | 'sha256', context: WriteContext) {
  const now = timestamp(context);
  const rows = documents.map((doc) => ({
    id: doc.id,
    sameKey,
    createdAt: now,
    assertedBy: context.assertedBy,
    props: { uri: doc.uri ?? null, sha256: doc.sha256 ?? null, title: doc.title ?? null, contentHash: contentHash(doc) },
    sentences: doc.sentences.map((s, idx) => ({ id: sentenceId(doc.id, idx), props: { idx, text: s.text, start: s.start, end: s.end } })),
    mentions: doc.sentences.flatMap((s, idx) =>
      s.mentions.map((m) => ({
        id: mentionId(doc.id, m.start, m.end),
        sentenceId: sentenceId(doc.id, idx),
        entityId: m.entityId,
        props: { start: m.start, end: m.end, text: s.text.slice(m.start - s.start, m.end - s.start) },
      })),
    ),
  }));
  const returned = await tx.run('provenance/upsert-documents', { documents: rows, logSlots: CHANGE_LOG.logSlots });
  const byId = new Map<string, StoredDocumentRow>();
  for (const row of returned) {
    byId.set(String(row.id), { existed: row.existed === true, differs: row.differs === true, unknownEntities: new Set((row.unknownEntities as string[]) ?? []) });
  }
  for (const doc of documents) invariant(byId.has(doc.id), `the document write returned no row for ${doc.id}`);
  return { rows: byId, graphVersion: versionOf(returned) };
}

/** A new document's first mention of an entity that does not exist, named by field. */
function checkMentionedEntities(doc: DocumentInput, index: number, unknown: Set<string>): void {
  if (unknown.size === 0) return;
  doc.sentences.forEach((s, idx) =>
    s.mentions.forEach((m, j) => {
      if (unknown.has(m.entityId)) {
        const field = `documents[${index}].sentences[${idx}].mentions[${j}].entityId`;
        throw badUserInput(`${field}: no entity has id "${m.entityId}"`, field);
      }
    }),
  );
}
