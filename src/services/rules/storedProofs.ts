import type { GraphClient, TransactionOptions } from '../../graph';
import { invariant } from '../../errors';
import type { Derivation, Fact } from '../../rules';
import { renderWithType } from '../kg/cypherTemplates';
import type { PremiseRef, ProofNode } from './model';

/** A derived fact as its stored record gives it. */
export interface DerivedRecord {
  id: string;
  ruleSet: string;
  fact: Fact;
  derivation: Derivation;
  premises: PremiseRef[];
}

/** Reads derived-fact records by id, from DerivedFact nodes and the derived relationship types given. */
export async function readDerivedRecords(graph: GraphClient, ids: readonly string[], relTypes: readonly string[], tx?: TransactionOptions): Promise<Map<string, DerivedRecord>> {
  const out = new Map<string, DerivedRecord>();
  const take = (rows: Record<string, unknown>[]): void => {
    for (const row of rows) {
      const f = row.fact as Record<string, unknown>;
      out.set(String(f.id), {
        id: String(f.id),
        ruleSet: String(f.ruleSet),
        fact: { predicate: String(f.predicate), args: JSON.parse(String(f.args)) },
        derivation: storedDerivation(f),
        premises: JSON.parse(String(f.premiseRefs)) as PremiseRef[],
      });
    }
  };
  await graph.read(async (t) => {
    take(await t.run('rules/read-derived-facts-by-id', { ids }));
    for (const type of relTypes) {
      const missing = ids.filter((id) => !out.has(id));
      if (missing.length === 0) break;
      take(await t.runText(renderWithType('rules/read-derived-relations-by-id', type, 'relType'), { ids: missing }));
    }
  }, tx);
  return out;
}

/**
 * The proof tree of a stored derived fact, rebuilt from the derivation records
 * alone (one batched read per level), down to base facts. Records are
 * well-founded (see planMaintenance), so following premises terminates.
 */
export async function proofFromRecords(graph: GraphClient, root: DerivedRecord, relTypes: readonly string[], tx?: TransactionOptions): Promise<ProofNode> {
  const records = new Map<string, DerivedRecord>([[root.id, root]]);
  let frontier = premisesToRead(root, records);
  while (frontier.length > 0) {
    const read = await readDerivedRecords(graph, frontier, relTypes, tx);
    for (const id of frontier) invariant(read.has(id), `derived premise ${id} is stored (maintenance keeps records closed under premises)`);
    const next = new Set<string>();
    for (const record of read.values()) {
      records.set(record.id, record);
      for (const id of premisesToRead(record, records)) next.add(id);
    }
    frontier = [...next];
  }
  const nodes = new Map<string, ProofNode>();
  // Children first: an explicit post-order, so proofs thousands of steps high need no deep recursion.
  const stack: Array<{ id: string; expanded: boolean }> = [{ id: root.id, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const record = records.get(top.id)!;
    if (nodes.has(top.id)) {
      stack.pop();
      continue;
    }
    if (!top.expanded) {
      top.expanded = true;
      for (const p of record.premises) if (p.kind === 'derived' && !nodes.has(p.id)) stack.push({ id: p.id, expanded: false });
      continue;
    }
    stack.pop();
    const premises = record.premises.map((p): ProofNode => (p.kind === 'derived' ? nodes.get(p.id)! : { kind: 'base', factId: p.id, ref: p.kind, fact: p.fact, provenance: null }));
    nodes.set(top.id, { kind: 'derived', factId: record.id, fact: record.fact, derivation: record.derivation, premises });
  }
  return nodes.get(root.id)!;
}

function premisesToRead(record: DerivedRecord, known: ReadonlyMap<string, DerivedRecord>): string[] {
  return record.premises.filter((p) => p.kind === 'derived' && !known.has(p.id)).map((p) => p.id);
}

/** The stored step, or (for rules without negation or aggregates, where it is not stored) the step its parts give. */
function storedDerivation(f: Record<string, unknown>): Derivation {
  if (typeof f.derivation === 'string') return JSON.parse(f.derivation) as Derivation;
  return {
    fact: { predicate: String(f.predicate), args: JSON.parse(String(f.args)) },
    rule: { text: String(f.rule), line: Number(f.ruleLine) },
    substitution: JSON.parse(String(f.substitution)),
    premises: (JSON.parse(String(f.premiseRefs)) as PremiseRef[]).map((p) => p.fact),
    absent: [],
    aggregates: [],
  };
}
