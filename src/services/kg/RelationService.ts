import { badUserInput, CausewayError, invariant, limitExceeded, notFound } from '../../errors';
import type { GraphClient, GraphTransaction, Row, TransactionOptions } from '../../graph';
import { renderWithDepth, renderWithType } from './cypherTemplates';
import { combineEvidence } from './evidence';
import { bumpVersion } from './graphVersion';
import { readVersion } from './EntityService';
import { CAUSAL_TYPES, type Entity, type Relation, type RelationSource, type Versioned } from './model';
import { toEntity, toRelation, versionOf } from './rows';
import { checkId, validateRelationInputs, type RelationInput } from './validation';
import { timestamp, type WriteContext } from './WriteContext';

export type Direction = 'OUT' | 'IN';

export interface CausalPath {
  entities: Entity[];
  relations: Relation[];
  /** Product of the CAUSES strengths along the path. */
  strength: number;
}

interface StoredRelation {
  id: string;
  type: string;
  from: string;
  to: string;
  props: Record<string, unknown> | null;
  supports: { sentenceId: string; confidence: number }[];
}

export interface RelationUpsertReport {
  created: string[];
  updated: string[];
  unchanged: string[];
  graphVersion: number;
}

export const MAX_PATH_DEPTH = 6;

export class RelationService {
  constructor(private readonly graph: GraphClient) {}

  async getByIds(ids: readonly string[], tx?: TransactionOptions): Promise<Versioned<(Relation | null)[]>> {
    const rows = await this.graph.readQuery('relations/read-relations-by-id', { ids }, tx);
    const byId = new Map(rows.map((row) => [String(row.id), row.relation ? toRelation(row.relation) : null]));
    return { graphVersion: versionOf(rows), value: ids.map((id) => byId.get(id) ?? null) };
  }

  /** Per entity, its relations in one direction, strongest first, at most `limit` each. */
  async listForEntities(
    ids: readonly string[],
    direction: Direction,
    types: readonly string[] | null,
    limit: number,
    tx?: TransactionOptions,
  ): Promise<Versioned<Relation[][]>> {
    const name = direction === 'OUT' ? 'relations/list-entity-relations-out' : 'relations/list-entity-relations-in';
    const rows = await this.graph.readQuery(name, { ids, types: types && types.length > 0 ? types : null, limit }, tx);
    const byId = new Map(rows.map((row) => [String(row.id), ((row.relations as unknown[]) ?? []).map(toRelation)]));
    return { graphVersion: versionOf(rows), value: ids.map((id) => byId.get(id) ?? []) };
  }

  /** Ranked causal chains (strongest product first), bounded by depth and count. */
  async causalPaths(from: string, to: string, maxDepth: number, first: number, tx?: TransactionOptions): Promise<Versioned<CausalPath[]>> {
    checkId(from, 'from');
    checkId(to, 'to');
    if (!Number.isSafeInteger(maxDepth) || maxDepth < 1) throw badUserInput('maxDepth must be a positive integer', 'maxDepth');
    if (maxDepth > MAX_PATH_DEPTH) throw limitExceeded(`maxDepth is at most ${MAX_PATH_DEPTH}`, { field: 'maxDepth', limit: MAX_PATH_DEPTH });
    const text = renderWithDepth('relations/find-causal-paths', maxDepth);
    return this.graph.read(async (t) => {
      const rows = await t.runText(text, { from, to, limit: first });
      if (rows.length === 0) {
        const known = await t.run('entities/find-existing-entity-ids', { ids: [from, to] });
        const knownIds = new Set(known.map((row) => String(row.id)));
        for (const [field, id] of [['from', from], ['to', to]] as const) {
          if (!knownIds.has(id)) throw notFound(`no entity has id "${id}"`, { field, id });
        }
        return { graphVersion: await readVersion(t), value: [] };
      }
      return {
        graphVersion: versionOf(rows),
        value: rows.map((row) => ({
          strength: Number(row.strength),
          entities: (row.entities as unknown[]).map(toEntity),
          relations: (row.relations as unknown[]).map(toRelation),
        })),
      };
    }, tx);
  }

  /**
   * Creates or updates relations by id, with their supporting sentences, in
   * one transaction. Everything is checked before the first write: endpoints
   * and sentences must exist, an id keeps its type and endpoints for life.
   * Two round trips for a batch of one relationship type: one read
   * (relations/prepare-relation-upsert: stored state, references, version) and one
   * write (relations/upsert-relations: relationships, supports and the version
   * bump), plus one write per further type.
   */
  async upsert(input: unknown, context: WriteContext): Promise<RelationUpsertReport> {
    const relations = validateRelationInputs(input);
    return this.graph.write(async (tx) => {
      const now = timestamp(context);
      const { prepared, graphVersion } = await prepareUpsert(tx, relations);
      const report: RelationUpsertReport = { created: [], updated: [], unchanged: [], graphVersion: 0 };
      const writes = new Map<string, Record<string, unknown>[]>();
      relations.forEach((relation, index) => {
        const field = `relations[${index}]`;
        const before = prepared.get(relation.id)?.stored ?? undefined;
        if (before && (before.type !== relation.type || before.from !== relation.from || before.to !== relation.to)) {
          throw conflict(relation.id, before, `${field}.id`);
        }
        const merged = mergeSupports(before?.supports ?? [], relation.evidence ?? []);
        const props = relationProps(relation, before, merged.all, field);
        const changed = !before || merged.added.length > 0 || !sameRelationProps(props, before.props);
        if (!changed) {
          report.unchanged.push(relation.id);
          return;
        }
        const rows = writes.get(relation.type) ?? [];
        rows.push({
          id: relation.id, type: relation.type, from: relation.from, to: relation.to, props, createdAt: now, updatedAt: now, assertedBy: context.assertedBy,
          supports: merged.added, bumpVersion: false,
        });
        writes.set(relation.type, rows);
      });
      if (writes.size === 0) {
        report.graphVersion = graphVersion;
        return report;
      }
      const batches = [...writes];
      // One bump per transaction: the last statement carries it.
      for (const row of batches[batches.length - 1]![1]) row.bumpVersion = true;
      for (const [type, rows] of batches) {
        const written = await tx.runText(renderWithType('relations/upsert-relations', type, 'type'), { rows });
        invariant(written.length === rows.length, `relation endpoints vanished during the upsert (${written.length} of ${rows.length} written)`);
        for (const row of written) {
          const id = String(row.id);
          if (row.conflict) throw conflict(id, null, `relations[${relations.findIndex((r) => r.id === id)}].id`);
          invariant(row.linked === true, `a supporting sentence of ${id} vanished during the upsert`);
          (row.created ? report.created : report.updated).push(id);
        }
        report.graphVersion = versionOf(written);
      }
      return report;
    }, context.tx);
  }

  async delete(ids: string[], context: WriteContext): Promise<{ deleted: string[]; graphVersion: number }> {
    ids.forEach((id, i) => checkId(id, `ids[${i}]`));
    return this.graph.write(async (tx) => {
      const rows = await tx.run('relations/delete-relations', { ids });
      const deleted = rows.map((row) => String(row.id));
      const missing = ids.filter((id) => !deleted.includes(id));
      if (missing.length > 0) throw notFound(`no relation has id "${missing[0]}"`, { ids: missing });
      return { deleted, graphVersion: await bumpVersion(tx) };
    }, context.tx);
  }
}

export async function readStoredRelations(tx: GraphTransaction, ids: string[]): Promise<Map<string, StoredRelation>> {
  const rows = await tx.run('relations/read-relations-for-upsert', { ids });
  const stored = new Map<string, StoredRelation>();
  for (const row of rows) stored.set(String(row.id), storedRelationOf(row));
  return stored;
}

function storedRelationOf(row: Row): StoredRelation {
  return {
    id: String(row.id),
    type: String(row.type),
    from: String(row.from),
    to: String(row.to),
    props: (row.props as Record<string, unknown> | null) ?? null,
    supports: ((row.supports as ({ sentenceId: string; confidence: number } | null)[]) ?? []).filter((s): s is { sentenceId: string; confidence: number } => s !== null),
  };
}

interface PreparedRelation {
  stored: StoredRelation | null;
  fromExists: boolean;
  toExists: boolean;
  knownSentenceIds: Set<string>;
}

/** The stored relations, the reference checks and the current version, in one read; unknown references are the caller's mistake, named by field. */
async function prepareUpsert(tx: GraphTransaction, relations: RelationInput[]): Promise<{ prepared: Map<string, PreparedRelation>; graphVersion: number }> {
  const rows = relations.map((r) => ({ id: r.id, from: r.from, to: r.to, sentenceIds: (r.evidence ?? []).map((e) => e.sentenceId) }));
  const prepared = new Map<string, PreparedRelation>();
  const found = await tx.run('relations/prepare-relation-upsert', { rows });
  for (const row of found) {
    prepared.set(String(row.id), {
      stored: row.stored ? storedRelationOf(row) : null,
      fromExists: row.fromExists === true,
      toExists: row.toExists === true,
      knownSentenceIds: new Set((row.knownSentenceIds as string[]) ?? []),
    });
  }
  relations.forEach((relation, index) => {
    const checked = prepared.get(relation.id);
    for (const end of ['from', 'to'] as const) {
      if (!(end === 'from' ? checked?.fromExists : checked?.toExists)) {
        throw badUserInput(`relations[${index}].${end}: no entity has id "${relation[end]}"`, `relations[${index}].${end}`);
      }
    }
  });
  relations.forEach((relation, index) =>
    (relation.evidence ?? []).forEach((e, i) => {
      if (!prepared.get(relation.id)?.knownSentenceIds.has(e.sentenceId)) {
        const field = `relations[${index}].evidence[${i}].sentenceId`;
        throw badUserInput(`${field}: no sentence has id "${e.sentenceId}"`, field);
      }
    }),
  );
  return { prepared, graphVersion: versionOf(found) };
}

function conflict(id: string, before: StoredRelation | null, field: string): CausewayError {
  const stored = before ? ` exists as ${before.from} -[${before.type}]-> ${before.to};` : ' is stored with another type or endpoints;';
  return new CausewayError(`relation ${id}${stored} an id cannot change its type or endpoints (delete it first)`, {
    code: 'CONFLICT',
    field,
    details: { id },
  });
}

/** Stored supports plus the new evidence; a sentence given again with a new confidence replaces it. */
function mergeSupports(stored: StoredRelation['supports'], evidence: NonNullable<RelationInput['evidence']>) {
  const all = new Map(stored.map((s) => [s.sentenceId, s.confidence]));
  const added: StoredRelation['supports'] = [];
  for (const e of evidence) {
    if (all.get(e.sentenceId) !== e.confidence) added.push(e);
    all.set(e.sentenceId, e.confidence);
  }
  return { all: [...all.values()], added };
}

/** The relationship's stored properties after the upsert (timestamps and author apart). */
export function relationProps(relation: RelationInput, before: StoredRelation | undefined, confidences: number[], field: string) {
  const prev = before?.props ?? {};
  const source: RelationSource = relation.source ?? (prev.source as RelationSource | undefined) ?? 'asserted';
  const derived = source !== 'asserted' && confidences.length > 0;
  if (derived && relation.strength !== undefined && relation.strength !== null) {
    throw badUserInput(`${field}.strength: the strength of an ${source} relation with evidence is combined from its sentences' confidences`, `${field}.strength`);
  }
  const strength = derived ? combineEvidence(confidences) : relation.strength === undefined ? ((prev.strength as number | null | undefined) ?? null) : relation.strength;
  if (CAUSAL_TYPES.has(relation.type) && strength === null) {
    throw badUserInput(`${field}.strength is required for ${relation.type} (or evidence for an extracted relation)`, `${field}.strength`);
  }
  const confidence = relation.confidence === undefined ? ((prev.confidence as number | null | undefined) ?? null) : relation.confidence;
  return { strength, confidence, source, evidenceCount: confidences.length };
}

function sameRelationProps(props: ReturnType<typeof relationProps>, stored: Record<string, unknown> | null): boolean {
  if (!stored) return false;
  return (
    props.strength === (stored.strength ?? null) &&
    props.confidence === (stored.confidence ?? null) &&
    props.source === stored.source &&
    props.evidenceCount === stored.evidenceCount
  );
}
