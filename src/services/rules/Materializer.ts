import { randomUUID } from 'node:crypto';
import type { GraphClient, TransactionOptions } from '../../graph';
import { isCausewayError } from '../../errors';
import { JobLease, newOwnerId } from '../leases/JobLease';
import { evaluate, type Derivation, type Evaluation, type Fact, type Program } from '../../rules';
import { deadlineSignal, throwIfAborted } from './cancellation';
import { diffBaseFacts } from './baseDelta';
import { BATCH_SIZE, deleteDerived, ensureRelationshipIndexes, readStoredDerived, writeChange, writeDerived, type DerivedRow } from './derivedStore';
import { encodeDerivation } from './derivationRecord';
import { derivedFactId, factKey, relationshipTypeOf } from './factKeys';
import type { MaterializeReport, PremiseRef, RuleLimits } from './model';
import { planFromChange, planMaintenance, type MaintenancePlan, type StoredDerived } from './planMaintenance';
import { inputOf, readBaseFacts, type BaseFacts } from './readBaseFacts';
import { compileRuleSet, readRuleSet, type StoredRuleSet } from './RuleSetStore';

export interface MaterializeOptions {
  limits?: RuleLimits;
  signal?: AbortSignal;
  tx?: TransactionOptions;
}

/** One rule set's state as this process last wrote it: what `ask` reads and the next maintenance diffs against. */
export interface Snapshot {
  ruleSet: string;
  sha256: string;
  /** Written to the RuleSet node; a different token there means another process wrote since. */
  token: string;
  graphVersion: number;
  program: Program;
  evaluation: Evaluation;
  base: BaseFacts;
  programFacts: Set<string>;
  /** Derived (not given) facts that hold, by id. */
  holding: Map<string, Fact>;
  /** factKey → derived-fact id of `holding`: the next maintenance reuses these digests instead of hashing every fact again. */
  idsByKey: Map<string, string>;
  /** Where each stored derived fact is (its premises are not kept: NO_PREMISES). */
  stored: Map<string, StoredDerived>;
  /** Stored derived relationships per type: the next incremental step adjusts these instead of recounting `stored`. */
  typeCounts: Map<string, number>;
}

/** What a snapshot keeps of a stored fact's premises: nothing (a million premise lists would only feed the garbage collector). */
const NO_PREMISES: readonly PremiseRef[] = Object.freeze([]);

/** A maintenance lease outlives a holder that stopped heartbeating by this much (heartbeats every third of it). */
const LEASE_TTL_MS = 30_000;

/** Predicates whose derived ternary facts between entities become relationships carrying a strength. */
const STRENGTH_TYPES = new Set(['causes', 'prevents']);

/** Relationship types the causal model reads: derived ones look like asserted causal edges, marked inferred. */
const CAUSAL_TYPES = new Set(['CAUSES', 'PREVENTS', 'CONFOUNDED']);

/**
 * Keeps a rule set's derived facts in the graph equal to the least model of
 * its program over the current base facts. Lazy maintenance keyed on the
 * graph version: rule queries call `ensureFresh`, which does nothing when the
 * set was materialised at the current version and otherwise maintains it
 * (planMaintenance: DRed over the stored derivation records, semi-naive
 * insertion) before the query reads — so no rule query sees a stale derivation.
 */
export class Materializer {
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Names this process in the maintenance leases of rule sets. */
  private readonly owner = newOwnerId();

  constructor(private readonly graph: GraphClient) {}

  /** Runs one maintenance of `name` at a time in this process; later callers queue behind it. */
  ensureFresh(name: string, options: MaterializeOptions = {}): Promise<{ report: MaterializeReport; snapshot: Snapshot }> {
    const previous = this.inFlight.get(name) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.maintain(name, options));
    this.inFlight.set(name, next);
    const clear = (): void => {
      if (this.inFlight.get(name) === next) this.inFlight.delete(name);
    };
    next.then(clear, clear);
    return next;
  }

  /** Drops what this process remembers of a rule set (after it is redefined or deleted). */
  forget(name: string): void {
    this.snapshots.delete(name);
  }

  private async maintain(name: string, options: MaterializeOptions): Promise<{ report: MaterializeReport; snapshot: Snapshot }> {
    const signal = deadlineSignal(options.limits?.timeoutMs, options.signal ?? options.tx?.signal);
    try {
      throwIfAborted(signal);
      return await this.maintainWithin(name, options, signal);
    } catch (error) {
      // The graph layer rejects with the signal's reason; callers see one code for "stopped".
      if (signal?.aborted && !isCausewayError(error)) throwIfAborted(signal);
      throw error;
    }
  }

  /**
   * Fresh: nothing to do. Otherwise maintenance under the set's lease, so
   * that of several replicas one maintains and the others wait, then find it
   * done: two at once would each write the same change (every derived fact
   * twice). The state is read again once the lease is held.
   */
  private async maintainWithin(name: string, options: MaterializeOptions, signal: AbortSignal | undefined): Promise<{ report: MaterializeReport; snapshot: Snapshot }> {
    const fresh = await this.maintainHeld(name, options, signal, { onlyIfFresh: true });
    if (fresh) return fresh;
    const lease = await this.leaseOn(name, signal);
    try {
      const held = signal === undefined ? lease.lost : AbortSignal.any([signal, lease.lost]);
      return (await this.maintainHeld(name, options, held, { onlyIfFresh: false }))!;
    } finally {
      await lease.release();
    }
  }

  /** The set's maintenance lease; while another replica holds it, polls until it is released or expires (or the caller stops). */
  private async leaseOn(name: string, signal: AbortSignal | undefined): Promise<JobLease> {
    for (let wait = 20; ; wait = Math.min(250, wait * 2)) {
      throwIfAborted(signal);
      const { lease, remainingMs } = await JobLease.acquire(this.graph, `rules:${name}`, this.owner, LEASE_TTL_MS);
      if (lease) return lease;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(wait, remainingMs))));
    }
  }

  private async maintainHeld(name: string, options: MaterializeOptions, signal: AbortSignal | undefined, { onlyIfFresh }: { onlyIfFresh: boolean }): Promise<{ report: MaterializeReport; snapshot: Snapshot } | undefined> {
    const started = Date.now();
    const tx: TransactionOptions = { ...options.tx, signal };
    const { graphVersion, ruleSet } = await readRuleSet(this.graph, name, tx);
    const cached = this.snapshots.get(name);
    const cacheValid = cached !== undefined && cached.token === ruleSet.stateToken && cached.sha256 === ruleSet.sha256;
    if (cacheValid && ruleSet.materializedVersion === graphVersion) {
      return { snapshot: cached, report: this.report(cached, 'fresh', { written: 0, deleted: 0, rederived: 0 }, { read: 0, evaluate: 0, derive: 0, write: 0, total: Date.now() - started }) };
    }
    if (onlyIfFresh) return undefined;
    this.snapshots.delete(name);
    const program = cached !== undefined && cached.sha256 === ruleSet.sha256 ? cached.program : compileRuleSet(ruleSet.text);

    const readStarted = Date.now();
    const base = await readBaseFacts(this.graph, program, tx, cacheValid ? cached.base : undefined);
    throwIfAborted(signal);
    const evaluateStarted = Date.now();
    const limits = { maxDerivedFacts: options.limits?.maxDerivedFacts, timeoutMs: remaining(options.limits?.timeoutMs, started) };
    // The stored state is this process's last snapshot: maintain its model from the change of base facts.
    const updated = cacheValid ? cached.evaluation.update(base.sincePrevious ?? diffBaseFacts(cached.base, base), { limits, signal }) : undefined;
    let state: { evaluation: Evaluation; holding: Map<string, Fact>; idsByKey: Map<string, string>; stored: Map<string, StoredDerived>; plan: MaintenancePlan; programFacts: Set<string> };
    let storedStarted: number;
    if (cacheValid && updated) {
      storedStarted = Date.now();
      state = { evaluation: updated.evaluation, ...planFromChange(name, cached, updated.changed), stored: cached.stored, programFacts: cached.programFacts };
    } else {
      const evaluation = evaluate(program, inputOf(base), { limits, signal });
      const programFacts = new Set(program.ast.facts.map((f) => factKey({ predicate: f.predicate, args: f.args.map((a) => (a.kind === 'const' ? a.value : '')) })));
      // Ids digest (set name, fact) only, so the last snapshot's stay valid whatever changed since.
      const knownIds = cached !== undefined && cached.sha256 === ruleSet.sha256 ? cached.idsByKey : new Map<string, string>();
      const holding = new Map<string, Fact>();
      const idsByKey = new Map<string, string>();
      for (const key of program.derived) {
        const predicate = key.slice(0, key.lastIndexOf('/'));
        for (const args of evaluation.facts(key)) {
          const fact = { predicate, args };
          const k = factKey(fact);
          if (base.refs.has(k) || programFacts.has(k)) continue;
          const id = knownIds.get(k) ?? derivedFactId(name, fact);
          holding.set(id, fact);
          idsByKey.set(k, id);
        }
      }
      storedStarted = Date.now();
      const stored = await readStoredDerived(this.graph, program, name, ruleSet.relTypes, tx);
      const plan = planMaintenance(stored, holding, base.refs, programFacts);
      // Planned: the snapshot keeps where each fact is stored, not its premises (incremental steps plan from the engine's change).
      for (const [id, record] of stored) stored.set(id, { relType: record.relType, premises: NO_PREMISES });
      state = { evaluation, holding, idsByKey, stored, plan, programFacts };
    }
    const { evaluation, holding, idsByKey, stored, plan, programFacts } = state;
    throwIfAborted(signal);

    const deriveStarted = Date.now();
    const rows = await this.rowsFor(name, program, plan.toWrite, holding, idsByKey, evaluation, base, programFacts, tx);
    throwIfAborted(signal);

    // The new stored state and the set's record are derived here; the write phase is the writes.
    const fromNothing = stored.size === 0 && ruleSet.materializedVersion === -1;
    // The stored map is this maintenance's own (the snapshot it came from is dropped): changed in place, not copied.
    const next = stored;
    const deletions = new Map<string | null, string[]>();
    for (const id of plan.toDelete) {
      const relType = stored.get(id)!.relType;
      const list = deletions.get(relType);
      if (list) list.push(id);
      else deletions.set(relType, [id]);
    }
    for (const id of plan.toDelete) next.delete(id);
    for (const row of rows) next.set(row.id, { relType: row.relType, premises: NO_PREMISES });
    // Incremental: last step's counts less the deletions, plus the rows written (a recount walks every stored fact);
    // the types listed before and the ones written now (a type left empty stays listed; reading it finds nothing).
    const perType = updated ? adjustedCounts(cached!.typeCounts, deletions, rows) : countByType(next.values());
    const relTypes = [...new Set(updated ? [...ruleSet.relTypes, ...perType.keys()] : perType.keys())].sort();
    const token = randomUUID();
    const record = { name, version: base.graphVersion, token, relTypes, relTypeCounts: relTypes.map((t) => perType.get(t) ?? 0), derivedCount: next.size, now: new Date().toISOString() };

    const writeStarted = Date.now();
    await ensureRelationshipIndexes(this.graph, relTypes);
    let written: number;
    let deleted: number;
    if (rows.length + plan.toDelete.length <= BATCH_SIZE) {
      // A small change: deletions, records and the final mark in one transaction, so no reader sees half of it.
      ({ written, deleted } = await writeChange(this.graph, deletions, rows, record, tx));
    } else {
      // Until the final record, the set reads as not materialised, and every type it may have written is listed.
      await this.graph.writeQuery('rules/record-materialization', { ...record, version: -1, token: null, relTypes: [...new Set([...relTypes, ...ruleSet.relTypes])].sort(), relTypeCounts: null, derivedCount: null }, tx);
      deleted = await deleteDerived(this.graph, deletions, tx);
      throwIfAborted(signal);
      written = await writeDerived(this.graph, rows, tx);
      await this.graph.writeQuery('rules/record-materialization', record, tx);
    }
    const finished = Date.now();

    const snapshot: Snapshot = { ruleSet: name, sha256: ruleSet.sha256, token, graphVersion: base.graphVersion, program, evaluation, base, programFacts, holding, idsByKey, stored: next, typeCounts: perType };
    this.snapshots.set(name, snapshot);
    const mode = fromNothing ? 'full' : 'incremental';
    return {
      snapshot,
      report: this.report(snapshot, mode, { written, deleted, rederived: plan.rederived }, {
        read: evaluateStarted - readStarted + (deriveStarted - storedStarted),
        evaluate: storedStarted - evaluateStarted,
        derive: writeStarted - deriveStarted,
        write: finished - writeStarted,
        total: finished - started,
      }),
    };
  }

  /**
   * Derivation records for the facts the plan (re)writes, and where each is
   * stored. A relationship carries its id, `derived`, `ruleSet` and the
   * compact record (derivationRecord.ts); the causal types keep the shape of
   * an asserted relation too (`source`, `strength`, …), since the causal model
   * reads them like any other causal edge. A DerivedFact node also stores its
   * predicate and arguments.
   */
  private async rowsFor(
    ruleSet: string,
    program: Program,
    ids: readonly string[],
    holding: ReadonlyMap<string, Fact>,
    idsByKey: ReadonlyMap<string, string>,
    evaluation: Evaluation,
    base: BaseFacts,
    programFacts: ReadonlySet<string>,
    tx: TransactionOptions,
  ): Promise<DerivedRow[]> {
    const entities = await this.entityIdsAmong(ids.map((id) => holding.get(id)!), base, tx);
    const refOf = (fact: Fact): PremiseRef => {
      const key = factKey(fact);
      return base.refs.get(key) ?? (programFacts.has(key) ? { kind: 'program', id: '', fact } : { kind: 'derived', id: idsByKey.get(key) ?? derivedFactId(ruleSet, fact), fact });
    };
    const now = new Date().toISOString();
    return ids.map((id): DerivedRow => {
      const fact = holding.get(id)!;
      const derivation = evaluation.derivation(fact) as Derivation;
      const premises = [...derivation.premises, ...derivation.aggregates.flatMap((a) => a.facts.flat())].map(refOf);
      const encoded = encodeDerivation(program, derivation, premises);
      const props: Record<string, unknown> = { id, derived: true, ruleSet, record: encoded.record, derivation: encoded.derivation };
      const [from, to, third] = fact.args;
      const between = typeof from === 'string' && typeof to === 'string' && entities.has(from) && entities.has(to);
      const asRelationship = between && (fact.args.length === 2 || (fact.args.length === 3 && STRENGTH_TYPES.has(fact.predicate) && typeof third === 'number'));
      if (!asRelationship) return { id, relType: null, rule: encoded.rule, props: { ...props, predicate: fact.predicate, args: JSON.stringify(fact.args), derivedAt: now }, premises };
      const relType = relationshipTypeOf(fact.predicate);
      if (CAUSAL_TYPES.has(relType)) Object.assign(props, { source: 'inferred', strength: fact.args.length === 3 ? third : null, evidenceCount: 0, assertedBy: `rules:${ruleSet}`, createdAt: now, updatedAt: now });
      return { id, relType, from: from as string, to: to as string, rule: encoded.rule, props, premises };
    });
  }

  /** Entity ids among the first two arguments of binary/ternary facts: known from the base facts, or looked up. */
  private async entityIdsAmong(facts: readonly Fact[], base: BaseFacts, tx: TransactionOptions): Promise<Set<string>> {
    const candidates = new Set<string>();
    for (const f of facts) {
      if (f.args.length !== 2 && f.args.length !== 3) continue;
      for (const a of f.args.slice(0, 2)) if (typeof a === 'string') candidates.add(a);
    }
    const known = base.entityIds ?? new Set<string>(); // after a patched read: look every candidate up
    const unknown = [...candidates].filter((c) => !known.has(c));
    const found = new Set([...candidates].filter((c) => known.has(c)));
    for (let start = 0; start < unknown.length; start += 10_000) {
      const rows = await this.graph.readQuery('rules/find-entity-ids', { ids: unknown.slice(start, start + 10_000) }, tx);
      for (const row of rows) found.add(String(row.id));
    }
    return found;
  }

  private report(snapshot: Snapshot, mode: MaterializeReport['mode'], counts: { written: number; deleted: number; rederived: number }, milliseconds: MaterializeReport['milliseconds']): MaterializeReport {
    return { ruleSet: snapshot.ruleSet, graphVersion: snapshot.graphVersion, mode, baseRead: mode === 'fresh' ? 'none' : snapshot.base.scope, baseFacts: snapshot.base.refs.size, derivedFacts: snapshot.holding.size, ...counts, milliseconds };
  }
}

/** Stored derived relationships per type (one pass; cheap next to any write). */
function countByType(stored: Iterable<StoredDerived>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of stored) if (s.relType !== null) counts.set(s.relType, (counts.get(s.relType) ?? 0) + 1);
  return counts;
}

function adjustedCounts(before: ReadonlyMap<string, number>, deletions: ReadonlyMap<string | null, string[]>, rows: readonly DerivedRow[]): Map<string, number> {
  const counts = new Map(before);
  for (const [type, ids] of deletions) if (type !== null) counts.set(type, (counts.get(type) ?? 0) - ids.length);
  for (const row of rows) if (row.relType !== null) counts.set(row.relType, (counts.get(row.relType) ?? 0) + 1);
  return counts;
}

function remaining(timeoutMs: number | undefined, started: number): number | undefined {
  return timeoutMs === undefined ? undefined : Math.max(1, timeoutMs - (Date.now() - started));
}

export type { StoredRuleSet };
