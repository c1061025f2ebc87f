import type { Row } from '../../graph';
import type { DocumentInfo, Entity, Mention, Relation, RelationSource, Sentence } from './model';

/** Converts the property maps the Cypher files project into the service's model types. */
export function toEntity(value: unknown): Entity {
  const e = value as Record<string, unknown>;
  return {
    ...entityNaming(e),
    baseRate: numberOrNull(e.baseRate),
    states: (e.states as string[] | null) ?? null,
    cpt: typeof e.cpt === 'string' ? (JSON.parse(e.cpt) as number[][]) : null,
    createdAt: String(e.createdAt),
    updatedAt: String(e.updatedAt),
    assertedBy: String(e.assertedBy),
  };
}

/** What names an entity (grounding reads only this much). */
export function entityNaming(value: unknown): Pick<Entity, 'id' | 'name' | 'type' | 'aliases' | 'description'> {
  const e = value as Record<string, unknown>;
  return {
    id: String(e.id),
    name: String(e.name),
    type: String(e.type),
    aliases: (e.aliases as string[] | null) ?? [],
    description: (e.description as string | null) ?? null,
  };
}

export function toRelation(value: unknown): Relation {
  const r = value as Record<string, unknown>;
  return {
    id: String(r.id),
    type: String(r.type),
    from: String(r.from),
    to: String(r.to),
    strength: numberOrNull(r.strength),
    confidence: numberOrNull(r.confidence),
    source: ((r.source as string | undefined) ?? 'asserted') as RelationSource,
    evidenceCount: numberOrNull(r.evidenceCount) ?? 0,
    createdAt: String(r.createdAt),
    updatedAt: String(r.updatedAt),
    assertedBy: String(r.assertedBy),
  };
}

export function toDocument(value: unknown): DocumentInfo {
  const d = value as Record<string, unknown>;
  return {
    id: String(d.id),
    uri: (d.uri as string | null) ?? null,
    sha256: (d.sha256 as string | null) ?? null,
    title: (d.title as string | null) ?? null,
    createdAt: String(d.createdAt),
    assertedBy: String(d.assertedBy),
  };
}

export function toSentence(value: unknown): Sentence {
  const s = value as Record<string, unknown>;
  return { id: String(s.id), documentId: String(s.documentId), idx: Number(s.idx), text: String(s.text), start: Number(s.start), end: Number(s.end) };
}

export function toMention(value: unknown): Mention {
  const m = value as Record<string, unknown>;
  return {
    id: String(m.id),
    sentenceId: String(m.sentenceId),
    entityId: String(m.entityId),
    start: Number(m.start),
    end: Number(m.end),
    text: String(m.text),
  };
}

export function versionOf(rows: Row[]): number {
  return rows.length === 0 ? 0 : Number(rows[0]!.graphVersion ?? 0);
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}
