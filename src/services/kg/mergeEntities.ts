import { badUserInput, notFound } from '../../errors';
import type { GraphClient } from '../../graph';
import { renderWithType } from './cypherTemplates';
import { readStored } from './EntityService';
import { bumpVersion } from './graphVersion';
import { NO_SELF_LOOP_TYPES } from './model';
import { checkId } from './validation';
import { timestamp, type WriteContext } from './WriteContext';

export interface MergeReport {
  /** Relations now attached to `keep` (same ids, same properties). */
  movedRelations: string[];
  /** Relations between keep and drop that would become CAUSES/PREVENTS/CONFOUNDED self-loops. */
  deletedRelations: string[];
  graphVersion: number;
}

/**
 * Folds `drop` into `keep` in one transaction: every relation of drop is
 * re-created on keep with its id and properties (provenance hangs on the
 * relation's assertion node, so it follows), mentions move, drop's name and
 * aliases join keep's aliases, and drop is deleted.
 */
export async function mergeEntities(graph: GraphClient, keep: string, drop: string, context: WriteContext): Promise<MergeReport> {
  checkId(keep, 'keep');
  checkId(drop, 'drop');
  if (keep === drop) throw badUserInput('keep and drop must be different entities', 'drop');
  return graph.write(async (tx) => {
    const now = timestamp(context);
    const stored = await readStored(tx, [keep, drop]);
    const kept = stored.get(keep);
    const dropped = stored.get(drop);
    if (!kept) throw notFound(`no entity has id "${keep}"`, { field: 'keep', id: keep });
    if (!dropped) throw notFound(`no entity has id "${drop}"`, { field: 'drop', id: drop });

    const relations = await tx.run('entities/list-entity-relations', { id: drop });
    const byType = new Map<string, Record<string, unknown>[]>();
    const movedRelations: string[] = [];
    const deletedRelations: string[] = [];
    for (const row of relations) {
      const props = row.props as Record<string, unknown>;
      const type = String(row.type);
      const from = row.from === drop ? keep : String(row.from);
      const to = row.to === drop ? keep : String(row.to);
      if (from === to && NO_SELF_LOOP_TYPES.has(type)) {
        deletedRelations.push(String(props.id));
        continue;
      }
      movedRelations.push(String(props.id));
      const rows = byType.get(type) ?? [];
      rows.push({ id: props.id, type, from, to, props: { ...props, updatedAt: now } });
      byType.set(type, rows);
    }
    // Originals first, so the re-created relations are the only ones carrying their ids.
    await tx.run('entities/delete-entity-relationships', { id: drop });
    if (deletedRelations.length > 0) await tx.run('relations/delete-relations', { ids: deletedRelations });
    for (const [type, rows] of byType) await tx.runText(renderWithType('relations/create-relations', type, 'type'), { rows });
    await tx.run('entities/move-mentions', { keep, drop });

    const aliases = [...new Set([...kept.aliases, dropped.name, ...dropped.aliases])].filter((alias) => alias !== kept.name);
    await tx.run('entities/upsert-entities', {
      rows: [{ id: keep, props: { aliases }, createdAt: kept.createdAt, updatedAt: now, assertedBy: context.assertedBy }],
    });
    await tx.run('entities/delete-entity', { id: drop });
    // Every relationship moved or deleted touches one of the two.
    return { movedRelations, deletedRelations, graphVersion: await bumpVersion(tx, [keep, drop]) };
  }, context.tx);
}
