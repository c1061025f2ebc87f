import type { GraphClient, TransactionOptions } from '../../graph';
import type { BaseProvenance, PremiseRef } from './model';

/**
 * Where base facts come from: a relation's supporting sentences and their
 * documents (or, asserted, who asserted it and when); an entity's author and
 * creation time. Reuses the knowledge-graph service's named queries.
 */
export async function baseProvenance(graph: GraphClient, refs: readonly PremiseRef[], tx?: TransactionOptions): Promise<Map<string, BaseProvenance>> {
  const relationIds = [...new Set(refs.filter((r) => r.kind === 'relation').map((r) => r.id))];
  const entityIds = [...new Set(refs.filter((r) => r.kind === 'entity').map((r) => r.id))];
  const out = new Map<string, BaseProvenance>();
  if (relationIds.length > 0) {
    const [relations, supports] = await Promise.all([
      graph.readQuery('relations/read-relations-by-id', { ids: relationIds }, tx),
      graph.readQuery('provenance/read-relation-provenance', { ids: relationIds }, tx),
    ]);
    const supportsById = new Map(supports.map((row) => [String(row.id), (row.supports as BaseProvenance['supports']) ?? []]));
    for (const row of relations) {
      const relation = row.relation as Record<string, unknown> | null;
      if (!relation) continue;
      out.set(`relation:${row.id}`, {
        assertedBy: (relation.assertedBy as string) ?? null,
        createdAt: (relation.createdAt as string) ?? null,
        source: (relation.source as string) ?? 'asserted',
        supports: (supportsById.get(String(row.id)) ?? []).map((s) => ({
          confidence: s.confidence,
          sentence: { id: s.sentence.id, idx: s.sentence.idx, text: s.sentence.text, documentId: s.sentence.documentId },
          document: { id: s.document.id, uri: s.document.uri ?? null, title: s.document.title ?? null },
        })),
      });
    }
  }
  if (entityIds.length > 0) {
    for (const row of await graph.readQuery('entities/read-entities-by-id', { ids: entityIds }, tx)) {
      const entity = row.entity as Record<string, unknown> | null;
      if (entity) out.set(`entity:${row.id}`, { assertedBy: (entity.assertedBy as string) ?? null, createdAt: (entity.createdAt as string) ?? null, source: 'asserted', supports: [] });
    }
  }
  return out;
}
