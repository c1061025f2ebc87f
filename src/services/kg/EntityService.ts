import { badUserInput, notFound } from '../../errors';
import type { GraphClient, GraphTransaction, TransactionOptions } from '../../graph';
import { LIMITS } from './limits';
import type { Entity, Versioned } from './model';
import { toEntity, versionOf } from './rows';
import { bumpVersion } from './graphVersion';
import { validateEntityInputs, type EntityInput } from './validation';
import { timestamp, type WriteContext } from './WriteContext';

export interface EntityFilter {
  types?: string[] | null;
  ids?: string[] | null;
  nameContains?: string | null;
}

export interface EntityPage {
  entities: Entity[];
  hasNextPage: boolean;
}

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

  /** Forward pagination in id order: `after` is the last id of the previous page. */
  async list(filter: EntityFilter, first: number, after: string | null, tx?: TransactionOptions): Promise<Versioned<EntityPage>> {
    const rows = await this.graph.readQuery('entities/list-entities', { ...filterParams(filter), after: after ?? '', limit: first + 1 }, tx);
    const all = ((rows[0]?.entities as unknown[]) ?? []).map(toEntity);
    return { graphVersion: versionOf(rows), value: { entities: all.slice(0, first), hasNextPage: all.length > first } };
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
   * first, so a bad row writes nothing. Rows equal to what is stored are not
   * written and, when all are, the version does not move.
   */
  async upsert(input: unknown, context: WriteContext): Promise<UpsertReport> {
    const entities = validateEntityInputs(input);
    return this.graph.write(async (tx) => {
      const now = timestamp(context);
      const stored = await readStored(tx, entities.map((e) => e.id));
      const report: UpsertReport = { created: [], updated: [], unchanged: [], graphVersion: 0 };
      const rows: { id: string; props: EntityProps; createdAt: string; updatedAt: string; assertedBy: string }[] = [];
      for (const entity of entities) {
        const before = stored.get(entity.id);
        const props = propsOf(entity, before);
        if (before && sameProps(props, before)) {
          report.unchanged.push(entity.id);
          continue;
        }
        rows.push({ id: entity.id, props, createdAt: now, updatedAt: now, assertedBy: context.assertedBy });
      }
      if (rows.length > 0) {
        for (const row of await tx.run('entities/upsert-entities', { rows })) {
          (row.created ? report.created : report.updated).push(String(row.id));
        }
        report.graphVersion = await bumpVersion(tx);
      } else {
        report.graphVersion = await readVersion(tx);
      }
      return report;
    }, context.tx);
  }

  /** Deletes an entity, every relation touching it and the mentions referring to it. */
  async delete(id: string, context: WriteContext): Promise<{ relationIds: string[]; graphVersion: number }> {
    return this.graph.write(async (tx) => {
      const rows = await tx.run('entities/delete-entity', { id });
      if (rows.length === 0) throw notFound(`no entity has id "${id}"`, { id });
      return { relationIds: (rows[0]!.relationIds as string[]) ?? [], graphVersion: await bumpVersion(tx) };
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

/** The full property set after the upsert: given fields replace, omitted ones keep their stored value. */
function propsOf(input: EntityInput, before: Entity | undefined): EntityProps {
  const pick = <K extends keyof EntityInput>(key: K, stored: unknown) => (input[key] === undefined ? stored ?? null : input[key] ?? null);
  const cpt = input.cpt === undefined ? before?.cpt ?? null : input.cpt;
  const states = pick('states', before?.states) as string[] | null;
  if (cpt && (!states || cpt.some((row) => row.length !== states.length))) {
    throw badUserInput(`cpt rows of ${input.id} do not match its states`, 'cpt');
  }
  return {
    name: input.name,
    type: input.type,
    aliases: (pick('aliases', before?.aliases) as string[] | null) ?? [],
    description: pick('description', before?.description) as string | null,
    baseRate: pick('baseRate', before?.baseRate) as number | null,
    states,
    cpt: cpt ? JSON.stringify(cpt) : null,
  };
}

function sameProps(props: EntityProps, before: Entity): boolean {
  const stored: EntityProps = {
    name: before.name,
    type: before.type,
    aliases: before.aliases,
    description: before.description,
    baseRate: before.baseRate,
    states: before.states,
    cpt: before.cpt ? JSON.stringify(before.cpt) : null,
  };
  return Object.keys(props).every((key) => JSON.stringify(props[key]) === JSON.stringify(stored[key]));
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

