import { createHash } from 'node:crypto';
import { badUserInput, CausewayError, notFound } from '../../errors';
import type { GraphClient, TransactionOptions } from '../../graph';
import { combineEvidence } from './evidence';
import { bumpVersion } from './graphVersion';
import { readVersion } from './EntityService';
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
   * Stores documents with their sentences and mentions. A document is
   * immutable once stored: the same content again is a no-op, different
   * content under a stored id is a CONFLICT (retract it first).
   */
  async upsertDocuments(input: unknown, context: WriteContext): Promise<{ created: string[]; unchanged: string[]; graphVersion: number }> {
    const documents = validateDocumentInputs(input);
    return this.graph.write(async (tx) => {
      const now = timestamp(context);
      const stored = new Map(
        (await tx.run('provenance/read-documents-by-id', { ids: documents.map((d) => d.id) })).map((row) => [String(row.id), row.document as Record<string, unknown>]),
      );
      const entityIds = [...new Set(documents.flatMap((d) => d.sentences.flatMap((s) => s.mentions.map((m) => m.entityId))))];
      const known = new Set((await tx.run('entities/find-existing-entity-ids', { ids: entityIds })).map((row) => String(row.id)));
      const created: string[] = [];
      const unchanged: string[] = [];
      const docs: unknown[] = [];
      const mentions: unknown[] = [];
      documents.forEach((doc, index) => {
        const hash = contentHash(doc);
        const before = stored.get(doc.id);
        if (before) {
          if (before.contentHash !== hash) {
            throw new CausewayError(`document ${doc.id} is stored with other content; retract it before storing a new version`, {
              code: 'CONFLICT',
              field: `documents[${index}].id`,
            });
          }
          unchanged.push(doc.id);
          return;
        }
        created.push(doc.id);
        docs.push({
          id: doc.id,
          createdAt: now,
          assertedBy: context.assertedBy,
          props: { uri: doc.uri ?? null, sha256: doc.sha256 ?? null, title: doc.title ?? null, contentHash: hash },
          sentences: doc.sentences.map((s, idx) => ({ id: sentenceId(doc.id, idx), props: { idx, text: s.text, start: s.start, end: s.end } })),
        });
        doc.sentences.forEach((s, idx) =>
          s.mentions.forEach((m, j) => {
            if (!known.has(m.entityId)) {
              const field = `documents[${index}].sentences[${idx}].mentions[${j}].entityId`;
              throw badUserInput(`${field}: no entity has id "${m.entityId}"`, field);
            }
            mentions.push({
              id: mentionId(doc.id, m.start, m.end),
              sentenceId: sentenceId(doc.id, idx),
              entityId: m.entityId,
              props: { start: m.start, end: m.end, text: s.text.slice(m.start - s.start, m.end - s.start) },
            });
          }),
        );
      });
      if (docs.length === 0) return { created, unchanged, graphVersion: await readVersion(tx) };
      await tx.run('provenance/upsert-documents', { documents: docs });
      if (mentions.length > 0) await tx.run('provenance/upsert-mentions', { mentions });
      return { created, unchanged, graphVersion: await bumpVersion(tx) };
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
      return { deletedRelations, updatedRelations: updates.map((u) => u.id), graphVersion: await bumpVersion(tx) };
    }, context.tx);
  }
}

/** Identifies a document's content, so storing it again can be told from changing it. */
function contentHash(doc: DocumentInput): string {
  const canonical = JSON.stringify([doc.uri ?? null, doc.sha256 ?? null, doc.title ?? null, doc.sentences]);
  return createHash('sha256').update(canonical).digest('hex');
}
