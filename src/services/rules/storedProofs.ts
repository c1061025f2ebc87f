import type { GraphClient, TransactionOptions } from '../../graph';
import { invariant } from '../../errors';
import type { Derivation, Fact, Program } from '../../rules';
import { renderWithType } from '../kg/cypherTemplates';
import { decodeDerivation, storedRecordOf, type StoredRecord } from './derivationRecord';
import type { PremiseRef, ProofNode } from './model';

/** A derived fact as its stored record gives it. */
export interface DerivedRecord {
  id: string;
  ruleSet: string;
  fact: Fact;
  derivation: Derivation;
  premises: PremiseRef[];
}

/** Reads derived-fact records by id, as stored, from DerivedFact nodes and the derived relationship types given. */
export async function readRecordsById(graph: GraphClient, ids: readonly string[], relTypes: readonly string[], tx?: TransactionOptions): Promise<Map<string, StoredRecord>> {
  const out = new Map<string, StoredRecord>();
  await graph.read(async (t) => {
    for (const row of await t.run('rules/read-derived-facts-by-id', { ids })) out.set(String(row.id), storedRecordOf(row, null));
    for (const type of relTypes) {
      const missing = ids.filter((id) => !out.has(id));
      if (missing.length === 0) break;
      for (const row of await t.runText(renderWithType('rules/read-derived-relations-by-id', type, 'relType'), { ids: missing })) out.set(String(row.id), storedRecordOf(row, type));
    }
  }, tx);
  return out;
}

/** Reads one rule set's derived-fact records by id and decodes them under its program. */
export async function readDerivedRecords(graph: GraphClient, program: Program, ids: readonly string[], relTypes: readonly string[], tx?: TransactionOptions): Promise<Map<string, DerivedRecord>> {
  const out = new Map<string, DerivedRecord>();
  for (const [id, stored] of await readRecordsById(graph, ids, relTypes, tx)) out.set(id, { id, ruleSet: stored.ruleSet, ...decodeDerivation(program, stored) });
  return out;
}

/**
 * The proof tree of a stored derived fact, rebuilt from the derivation records
 * alone (one batched read per level), down to base facts. Records are
 * well-founded (see planMaintenance), so following premises terminates.
 */
export async function proofFromRecords(graph: GraphClient, program: Program, root: DerivedRecord, relTypes: readonly string[], tx?: TransactionOptions): Promise<ProofNode> {
  const records = new Map<string, DerivedRecord>([[root.id, root]]);
  let frontier = premisesToRead(root, records);
  while (frontier.length > 0) {
    const read = await readDerivedRecords(graph, program, frontier, relTypes, tx);
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
