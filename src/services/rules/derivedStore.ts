import type { GraphClient, TransactionOptions } from '../../graph';
import { assertIdentifier } from '../../graph';
import { renderWithType } from '../kg/cypherTemplates';
import { throwIfAborted } from './cancellation';
import type { PremiseRef } from './model';
import type { StoredDerived } from './planMaintenance';

/** Rows per write transaction: large enough to amortise the round trip, small enough for a 768 MiB heap. */
export const BATCH_SIZE = 10_000;

/** One derived fact ready to store: a DerivedFact node, or a relationship between two entities. */
export interface DerivedRow {
  id: string;
  relType: string | null;
  from?: string;
  to?: string;
  props: Record<string, unknown>;
  premises: PremiseRef[];
}

/** Every derived fact a rule set has stored, by id, with the premises its record names. */
export async function readStoredDerived(graph: GraphClient, ruleSet: string, relTypes: readonly string[], tx?: TransactionOptions): Promise<Map<string, StoredDerived>> {
  return graph.read(async (t) => {
    const stored = new Map<string, StoredDerived>();
    const collect = (rows: Record<string, unknown>[], relType: string | null): void => {
      for (const row of rows) stored.set(String(row.id), { relType, premises: JSON.parse(String(row.premiseRefs ?? '[]')) as PremiseRef[] });
    };
    collect(await t.run('rules/read-derived-nodes', { name: ruleSet }), null);
    for (const type of relTypes) collect(await t.runText(renderWithType('rules/read-derived-relations', type, 'relType'), { name: ruleSet }), type);
    return stored;
  }, tx);
}

/**
 * Derived relationships are found by id when maintenance deletes them and when
 * `explain` reads one; Community has no relationship-id constraint, so each
 * derived type gets a range index on `id` the first time a rule set writes it.
 */
export async function ensureRelationshipIndexes(graph: GraphClient, relTypes: Iterable<string>): Promise<void> {
  for (const type of relTypes) {
    const quoted = assertIdentifier(type, 'relType');
    await graph.runAutoCommit(`CREATE INDEX ${assertIdentifier(`derived_${type.toLowerCase()}_id`, 'relType')} IF NOT EXISTS FOR ()-[r:${quoted}]-() ON (r.id)`);
  }
}

export async function deleteDerived(graph: GraphClient, byType: Map<string | null, string[]>, tx?: TransactionOptions): Promise<number> {
  let deleted = 0;
  for (const [type, ids] of byType) {
    for (let start = 0; start < ids.length; start += BATCH_SIZE) {
      const batch = ids.slice(start, start + BATCH_SIZE);
      const rows = await graph.write(
        (t) => (type === null ? t.run('rules/delete-derived-nodes', { ids: batch }) : t.runText(renderWithType('rules/delete-derived-relations', type, 'relType'), { ids: batch })),
        tx,
      );
      deleted += Number(rows[0]?.deleted ?? 0);
    }
  }
  return deleted;
}

/** Batched UNWIND writes, one transaction per batch and storage kind. */
export async function writeDerived(graph: GraphClient, rows: readonly DerivedRow[], tx?: TransactionOptions): Promise<number> {
  const byType = new Map<string | null, DerivedRow[]>();
  for (const row of rows) {
    const list = byType.get(row.relType);
    if (list) list.push(row);
    else byType.set(row.relType, [row]);
  }
  let written = 0;
  for (const [type, list] of byType) {
    for (let start = 0; start < list.length; start += BATCH_SIZE) {
      throwIfAborted(tx?.signal);
      const batch = list.slice(start, start + BATCH_SIZE).map((r) => ({ id: r.id, from: r.from, to: r.to, props: r.props }));
      const result = await graph.write(
        (t) => (type === null ? t.run('rules/write-derived-nodes', { rows: batch }) : t.runText(renderWithType('rules/write-derived-relations', type, 'relType'), { rows: batch })),
        tx,
      );
      written += Number(result[0]?.written ?? 0);
    }
  }
  return written;
}
