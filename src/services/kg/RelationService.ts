import { badUserInput, CausewayError, invariant, limitExceeded, notFound } from '../../errors';
import type { GraphClient, GraphTransaction, Row, TransactionOptions } from '../../graph';
import { renderWithDepth, renderWithType } from './cypherTemplates';
import { combineEvidence } from './evidence';
import { bumpVersion, CHANGE_LOG } from './graphVersion';
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
   * one transaction and one round trip per relationship type
   * (relations/upsert-relations: reference checks, change detection, the
   * write and the version bump in one statement, as the entity upsert does).
   * Endpoints and sentences must exist and an id keeps its type and endpoints
   * for life; a batch with any such problem raises the first one (endpoints,
   * then sentences, then per relation) and the transaction rolls back, so it
   * writes nothing. Rows equal to what is stored are not written and, when
   * all are, the version does not move.
   */
  async upsert(input: unknown, context: WriteContext): Promise<RelationUpsertReport> {
    const relations = validateRelationInputs(input);
    return this.graph.write(async (tx) => {
      const now = timestamp(context);
      const byType = new Map<string, Record<string, unknown>[]>();
      for (const relation of relations) {
        const rows = byType.get(relation.type) ?? [];
        rows.push(upsertRow(relation));
        byType.set(relation.type, rows);
      }
      const outcome: UpsertOutcome = { created: new Set(), updated: new Set(), problems: new Map(), graphVersion: 0 };
      let changedBefore = false;
      let touchedBefore: string[] = [];
      const batches = [...byType];
      for (const [i, [type, rows]] of batches.entries()) {
        const [answer] = await tx.runText(renderWithType('relations/upsert-relations', type, 'type'), {
          rows,
          type,
          causal: CAUSAL_TYPES.has(type),
          now,
          assertedBy: context.assertedBy,
          // One bump per transaction: the last statement carries it, for every statement's writes.
          lastStatement: i === batches.length - 1,
          changedBefore,
          ...CHANGE_LOG,
          touchedBefore,
        });
        invariant(answer !== undefined, 'the relation upsert returned no row');
        for (const id of answer.created as string[]) outcome.created.add(id);
        for (const id of answer.updated as string[]) outcome.updated.add(id);
        for (const problem of answer.problems as Row[]) outcome.problems.set(String(problem.id), problem);
        changedBefore ||= (answer.created as string[]).length + (answer.updated as string[]).length > 0;
        touchedBefore = answer.touched as string[];
        outcome.graphVersion = versionOf([answer]);
      }
      return reportOf(relations, outcome);
    }, context.tx);
  }

  async delete(ids: string[], context: WriteContext): Promise<{ deleted: string[]; graphVersion: number }> {
    ids.forEach((id, i) => checkId(id, `ids[${i}]`));
    return this.graph.write(async (tx) => {
      const rows = await tx.run('relations/delete-relations', { ids });
      const deleted = rows.map((row) => String(row.id));
      const missing = ids.filter((id) => !deleted.includes(id));
      if (missing.length > 0) throw notFound(`no relation has id "${missing[0]}"`, { ids: missing });
      return { deleted, graphVersion: await bumpVersion(tx, rows.flatMap((row) => [String(row.from), String(row.to)])) };
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

function conflict(id: string, before: Pick<StoredRelation, 'type' | 'from' | 'to'> | null, field: string): CausewayError {
  const stored = before ? ` exists as ${before.from} -[${before.type}]-> ${before.to};` : ' is stored with another type or endpoints;';
  return new CausewayError(`relation ${id}${stored} an id cannot change its type or endpoints (delete it first)`, {
    code: 'CONFLICT',
    field,
    details: { id },
  });
}

/** A statement row: what the input gives (with "given" flags, since null removes a stored value). */
function upsertRow(relation: RelationInput): Record<string, unknown> {
  return {
    id: relation.id,
    from: relation.from,
    to: relation.to,
    source: relation.source ?? null,
    hasStrength: relation.strength !== undefined,
    strength: relation.strength ?? null,
    hasConfidence: relation.confidence !== undefined,
    confidence: relation.confidence ?? null,
    evidence: lastPerSentence(relation.evidence ?? []),
  };
}

/** A sentence cited twice counts once, with the confidence given last. */
function lastPerSentence(evidence: NonNullable<RelationInput['evidence']>) {
  return [...new Map(evidence.map((e) => [e.sentenceId, e])).values()];
}

interface UpsertOutcome {
  created: Set<string>;
  updated: Set<string>;
  /** By id, the rows the statement did not accept, with what was wrong. */
  problems: Map<string, Row>;
  graphVersion: number;
}

/**
 * The statement's verdicts, raised in the order the checks always ran: every
 * missing endpoint first, then every missing sentence, then per relation an
 * id stored differently and a strength not allowed or missing.
 */
function reportOf(relations: RelationInput[], outcome: UpsertOutcome): RelationUpsertReport {
  const { problems } = outcome;
  if (problems.size > 0) {
    relations.forEach((relation, index) => {
      const row = problems.get(relation.id);
      for (const end of ['from', 'to'] as const) {
        if (row && row[`${end}Exists`] !== true) throw badUserInput(`relations[${index}].${end}: no entity has id "${relation[end]}"`, `relations[${index}].${end}`);
      }
    });
    relations.forEach((relation, index) => {
      const missing = new Set((problems.get(relation.id)?.missingSentences as string[] | undefined) ?? []);
      (relation.evidence ?? []).forEach((e, i) => {
        if (missing.has(e.sentenceId)) {
          const field = `relations[${index}].evidence[${i}].sentenceId`;
          throw badUserInput(`${field}: no sentence has id "${e.sentenceId}"`, field);
        }
      });
    });
    relations.forEach((relation, index) => {
      const row = problems.get(relation.id);
      if (!row) return;
      const field = `relations[${index}]`;
      const stored = row.stored as { type: string; from: string; to: string } | null;
      if (stored || row.conflict) throw conflict(relation.id, stored, `${field}.id`);
      if (row.strengthNotAllowed) {
        throw badUserInput(`${field}.strength: the strength of an ${String(row.source)} relation with evidence is combined from its sentences' confidences`, `${field}.strength`);
      }
      if (row.strengthMissing) throw badUserInput(`${field}.strength is required for ${relation.type} (or evidence for an extracted relation)`, `${field}.strength`);
      invariant(row.linked === true, `a supporting sentence of ${relation.id} vanished during the upsert`);
    });
  }
  const report: RelationUpsertReport = { created: [], updated: [], unchanged: [], graphVersion: outcome.graphVersion };
  for (const { id } of relations) (outcome.created.has(id) ? report.created : outcome.updated.has(id) ? report.updated : report.unchanged).push(id);
  return report;
}
