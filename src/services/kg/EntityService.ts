import { badUserInput, notFound } from '../../errors';
import type { GraphClient, GraphTransaction, TransactionOptions } from '../../graph';
import { LIMITS } from './limits';
import type { Entity, Versioned } from './model';
import { toEntity, versionOf } from './rows';
import { bumpVersion, CHANGE_LOG } from './graphVersion';
import { validateEntityInputs, type EntityInput } from './validation';
import { timestamp, type WriteContext } from './WriteContext';

export interface EntityFilter {
  types?: string[] | null;
  ids?: string[] | null;
  nameContains?: string | null;
}

/**
 * A Relay page request in id order: `first` reads forwards from `after`,
 * `last` backwards from `before`; either bound may narrow the other way too.
 * Exactly one of first and last (the API checks that).
 */
export type PageRequest = { first: number; last?: undefined; after: string | null; before: string | null } | { first?: undefined; last: number; after: string | null; before: string | null };

export interface EntityPage {
  /** In id order, whichever way the page was read. */
  entities: Entity[];
  /** Matches before the page's first entity exist. */
  hasPreviousPage: boolean;
  /** Matches after the page's last entity exist. */
  hasNextPage: boolean;
}

/** Above every id (ids are ASCII, ID_PATTERN): the upper bound when no `before` is given. */
const AFTER_EVERY_ID = '\uffff';

export interface UpsertReport {
  created: string[];
  updated: string[];
  unchanged: string[];
  /** The version after the write; unchanged when nothing changed. */
  graphVersion: number;
}

/** The properties an input sets; null removes a stored property (`SET e += props`). */
type EntityProps = Record<string, string | number | string[] | null>;

export class EntityService {
  constructor(private readonly graph: GraphClient) {}

  /** In the order asked, null where no entity has the id. */
  async getByIds(ids: readonly string[], tx?: TransactionOptions): Promise<Versioned<(Entity | null)[]>> {
    const rows = await this.graph.readQuery('entities/read-entities-by-id', { ids }, tx);
    const byId = new Map(rows.map((row) => [String(row.id), row.entity ? toEntity(row.entity) : null]));
    return { graphVersion: versionOf(rows), value: ids.map((id) => byId.get(id) ?? null) };
  }

  /**
   * One page and both sides of Relay's pageInfo in one statement: the page
   * reads one row past its size, which answers the side it reads towards;
   * the other side is an existence check that stops at the first match.
   */
  async list(filter: EntityFilter, page: PageRequest, tx?: TransactionOptions): Promise<Versioned<EntityPage>> {
    const backwards = page.last !== undefined;
    const size = backwards ? page.last : page.first;
    const params = { ...filterParams(filter), after: page.after ?? '', before: page.before ?? AFTER_EVERY_ID, bounded: page.before !== null, limit: size + 1 };
    const rows = await this.graph.readQuery(backwards ? 'entities/list-entities-backwards' : 'entities/list-entities', params, tx);
    const row = rows[0];
    const read = ((row?.entities as unknown[]) ?? []).map(toEntity);
    const more = read.length > size;
    const entities = read.slice(0, size);
    if (backwards) entities.reverse();
    return {
      graphVersion: versionOf(rows),
      value: {
        entities,
        hasPreviousPage: (backwards && more) || row?.hasEarlier === true,
        hasNextPage: (!backwards && more) || row?.hasLater === true,
      },
    };
  }

  async count(filter: EntityFilter, tx?: TransactionOptions): Promise<number> {
    const rows = await this.graph.readQuery('entities/count-entities', filterParams(filter), tx);
    return Number(rows[0]?.total ?? 0);
  }

  /** Fulltext search over names and aliases; each word also matches as a prefix. */
  async search(text: string, first: number, tx?: TransactionOptions): Promise<Versioned<{ entity: Entity; score: number }[]>> {
    const query = luceneQuery(text);
    const rows = await this.graph.readQuery('entities/search-entities', { query, limit: first }, tx);
    const hits = ((rows[0]?.hits as { score: number; entity: unknown }[]) ?? []).map((hit) => ({ score: hit.score, entity: toEntity(hit.entity) }));
    return { graphVersion: versionOf(rows), value: hits };
  }

  /**
   * Creates or updates entities by id in one transaction; validation runs
   * first, so a bad row writes nothing. Change detection, the write and the
   * version bump are one statement (entities/upsert-entities-if-changed): rows
   * equal to what is stored are not written and, when all are, the version
   * does not move. The only read before it is for rows that give states
   * without a cpt, whose stored cpt must still fit.
   */
  async upsert(input: unknown, context: WriteContext): Promise<UpsertReport> {
    const entities = validateEntityInputs(input);
    return this.graph.write(async (tx) => {
      const now = timestamp(context);
      await checkStoredCpts(tx, entities);
      const rows = entities.map((entity) => ({ id: entity.id, props: givenProps(entity) }));
      const [answer] = await tx.run('entities/upsert-entities-if-changed', { rows, now, assertedBy: context.assertedBy, ...CHANGE_LOG });
      const created = new Set(answer?.created as string[]);
      const updated = new Set(answer?.updated as string[]);
      const report: UpsertReport = { created: [], updated: [], unchanged: [], graphVersion: versionOf(answer ? [answer] : []) };
      for (const { id } of entities) (created.has(id) ? report.created : updated.has(id) ? report.updated : report.unchanged).push(id);
      return report;
    }, context.tx);
  }

  /** Deletes an entity, every relation touching it and the mentions referring to it. */
  async delete(id: string, context: WriteContext): Promise<{ relationIds: string[]; graphVersion: number }> {
    return this.graph.write(async (tx) => {
      const rows = await tx.run('entities/delete-entity', { id });
      if (rows.length === 0) throw notFound(`no entity has id "${id}"`, { id });
      // The entity names every relationship it loses: maintenance re-reading it finds them gone.
      return { relationIds: (rows[0]!.relationIds as string[]) ?? [], graphVersion: await bumpVersion(tx, [id]) };
    }, context.tx);
  }
}

export async function readStored(tx: GraphTransaction, ids: string[]): Promise<Map<string, Entity>> {
  const rows = await tx.run('entities/read-entities-by-id', { ids });
  const stored = new Map<string, Entity>();
  for (const row of rows) if (row.entity) stored.set(String(row.id), toEntity(row.entity));
  return stored;
}

export async function readVersion(tx: GraphTransaction): Promise<number> {
  return versionOf(await tx.run('version/read-graph-version'));
}

/** The properties the input sets; an omitted field is left out so the stored value stays. */
function givenProps(input: EntityInput): EntityProps {
  const props: EntityProps = { name: input.name, type: input.type };
  if (input.aliases !== undefined) props.aliases = input.aliases ?? [];
  if (input.description !== undefined) props.description = input.description;
  if (input.baseRate !== undefined) props.baseRate = input.baseRate;
  if (input.states !== undefined) props.states = input.states;
  if (input.cpt !== undefined) props.cpt = input.cpt === null ? null : JSON.stringify(input.cpt);
  return props;
}

/**
 * Validation already ties a given cpt to the states given with it; new states
 * without a cpt must still fit the stored cpt, which only the graph knows.
 */
async function checkStoredCpts(tx: GraphTransaction, entities: EntityInput[]): Promise<void> {
  const restated = entities.filter((entity) => entity.states !== undefined && entity.cpt === undefined);
  if (restated.length === 0) return;
  const stored = await readStored(tx, restated.map((entity) => entity.id));
  for (const entity of restated) {
    const cpt = stored.get(entity.id)?.cpt;
    const states = entity.states;
    if (cpt && (!states || cpt.some((row) => row.length !== states.length))) {
      throw badUserInput(`cpt rows of ${entity.id} do not match its states`, 'cpt');
    }
  }
}

function filterParams(filter: EntityFilter) {
  return {
    types: filter.types && filter.types.length > 0 ? filter.types : null,
    ids: filter.ids && filter.ids.length > 0 ? filter.ids : null,
    nameContains: filter.nameContains ? filter.nameContains.toLowerCase() : null,
  };
}

/** Lucene special characters are escaped so user text is always a plain term query. */
export function luceneQuery(text: string): string {
  if (text.length > LIMITS.maxSearchText) throw badUserInput(`text is longer than ${LIMITS.maxSearchText} characters`, 'text');
  const words = text
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .map((word) => word.toLowerCase().replace(/[+\-&|!(){}[\]^"~*?:\\/]/g, (c) => `\\${c}`));
  if (words.length === 0) throw badUserInput('text must contain a word to search for', 'text');
  // Lower case keeps AND/OR/NOT from being read as operators (the analyzer lower-cases anyway).
  return words.map((word) => `(${word}^2 OR ${word}*)`).join(' AND ');
}

