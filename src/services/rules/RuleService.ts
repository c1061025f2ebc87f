import type { GraphClient, TransactionOptions } from '../../graph';
import { badUserInput, notFound } from '../../errors';
import type { VerifyOutcome } from '../../verify/VerifyOutcome';
import { baseProvenance } from './baseProvenance';
import { deleteDerived, readStoredRecords } from './derivedStore';
import { derivedFactId, factKey } from './factKeys';
import { matchGoal, parseGoal } from './goal';
import { Materializer, type MaterializeOptions } from './Materializer';
import type { AskAnswer, MaterializeReport, PremiseRef, ProofNode, RuleLimits, RuleSetInfo } from './model';
import { attachProvenance, baseLeaves, toProofNode } from './proofTrees';
import { checkRuleSetName, compileRuleSet, readRuleSet, sha256, toRuleSetInfo } from './RuleSetStore';
import { proofFromRecords, readDerivedRecords, readRecordsById } from './storedProofs';
import { verifyGraphProof } from './verifyGraphProof';

/** Bounds every rule query and materialisation gets unless the caller asks for less. */
export const DEFAULT_RULE_LIMITS: Required<RuleLimits> = { maxDerivedFacts: 5_000_000, timeoutMs: 10 * 60_000 };

export interface RuleCallOptions {
  limits?: RuleLimits;
  signal?: AbortSignal;
  tx?: TransactionOptions;
}

/**
 * Rule sets stored in the graph and kept materialised there: define, list,
 * delete, materialise, ask, explain, verify (docs/rules-graph.md).
 */
export class RuleService {
  readonly materializer: Materializer;

  constructor(private readonly graph: GraphClient) {
    this.materializer = new Materializer(graph);
  }

  /** Compiles first (diagnostics as BAD_USER_INPUT); a changed text retracts what the old text derived. */
  async define(name: string, text: string, definedBy: string, options: RuleCallOptions = {}): Promise<{ ruleSet: RuleSetInfo; created: boolean; changed: boolean; warnings: unknown[] }> {
    checkRuleSetName(name);
    const program = compileRuleSet(text);
    const [row] = await this.graph.writeQuery('rules/upsert-rule-set', { name, text, sha256: sha256(text), now: new Date().toISOString(), definedBy }, options.tx);
    const changed = Boolean(row!.changed);
    if (changed) await this.retractDerived(name, options.tx);
    return { ruleSet: toRuleSetInfo(row!.ruleSet as Record<string, unknown>), created: Boolean(row!.created), changed, warnings: program.warnings };
  }

  async list(tx?: TransactionOptions): Promise<RuleSetInfo[]> {
    return (await this.graph.readQuery('rules/list-rule-sets', {}, tx)).map((row) => toRuleSetInfo(row.ruleSet as Record<string, unknown>));
  }

  async get(name: string, tx?: TransactionOptions): Promise<RuleSetInfo> {
    return (await readRuleSet(this.graph, checkRuleSetName(name), tx)).ruleSet;
  }

  /** Deletes the rule set and every fact only it derived. */
  async delete(name: string, tx?: TransactionOptions): Promise<{ name: string; retracted: number }> {
    checkRuleSetName(name);
    await readRuleSet(this.graph, name, tx);
    const retracted = await this.retractDerived(name, tx);
    await this.graph.writeQuery('rules/delete-rule-set', { name }, tx);
    return { name, retracted };
  }

  /** Brings the stored derived facts up to the current graph version (nothing to do when they are). */
  async materialize(name: string, options: RuleCallOptions = {}): Promise<MaterializeReport> {
    return (await this.materializer.ensureFresh(checkRuleSetName(name), withDefaults(options))).report;
  }

  /**
   * Answers a goal such as `indirectly_causes("smoking", X)` over the rule
   * set's model at the current graph version (maintained first): bindings,
   * the fact's id and, if asked, a shortest proof with provenance on its leaves.
   */
  async ask(name: string, query: string, options: RuleCallOptions & { first?: number; proofs?: boolean } = {}): Promise<{ graphVersion: number; answers: AskAnswer[]; truncated: boolean }> {
    const goal = parseGoal(query);
    const { snapshot } = await this.materializer.ensureFresh(checkRuleSetName(name), withDefaults(options));
    const key = `${goal.predicate}/${goal.args.length}`;
    if (!snapshot.program.predicates.has(key)) {
      throw badUserInput(`rule set "${name}" does not mention ${key}`, 'query', { known: [...snapshot.program.predicates.keys()].sort() });
    }
    const first = options.first ?? 100;
    const refOf = (fact: AskAnswer['fact']): PremiseRef => {
      const k = factKey(fact);
      return snapshot.base.refs.get(k) ?? (snapshot.programFacts.has(k) ? { kind: 'program', id: '', fact } : { kind: 'derived', id: derivedFactId(name, fact), fact });
    };
    const answers: AskAnswer[] = [];
    let truncated = false;
    for (const args of snapshot.evaluation.facts(key)) {
      const bindings = matchGoal(goal, args);
      if (!bindings) continue;
      if (answers.length === first) {
        truncated = true;
        break;
      }
      const fact = { predicate: goal.predicate, args };
      const proof = options.proofs ? snapshot.evaluation.proofOf(fact) : undefined;
      answers.push({ bindings, fact, factId: refOf(fact).id, proof: proof ? toProofNode(proof, name, refOf) : null });
    }
    if (options.proofs) await this.withProvenance(answers.flatMap((a) => (a.proof ? [a.proof] : [])), options.tx);
    return { graphVersion: snapshot.graphVersion, answers, truncated };
  }

  /** The proof tree of a stored derived fact, from its derivation records, down to base facts with their provenance. */
  async explain(factId: string, options: RuleCallOptions = {}): Promise<{ ruleSet: string; graphVersion: number; proof: ProofNode }> {
    const sets = await this.list(options.tx);
    const located = await this.locate(factId, options.tx);
    if (!located) throw notFound(`no derived fact has id "${factId}"`, { factId });
    // Maintain first: the record read after this reflects the current graph version.
    const { snapshot } = await this.materializer.ensureFresh(located.ruleSet, withDefaults(options));
    const relTypes = await this.relTypesOf(located.ruleSet, options.tx);
    const record = (await readDerivedRecords(this.graph, snapshot.program, [factId], relTypes, options.tx)).get(factId);
    if (!record) throw notFound(`derived fact "${factId}" no longer holds at graph version ${snapshot.graphVersion}`, { factId, ruleSets: sets.map((s) => s.name) });
    const proof = await proofFromRecords(this.graph, snapshot.program, record, relTypes, options.tx);
    await this.withProvenance([proof], options.tx);
    return { ruleSet: record.ruleSet, graphVersion: snapshot.graphVersion, proof };
  }

  /** Replays a proof tree (from ask or explain) with the independent checker against the graph as it is now. */
  async verifyProof(name: string, proof: unknown, tx?: TransactionOptions): Promise<VerifyOutcome> {
    const { ruleSet } = await readRuleSet(this.graph, checkRuleSetName(name), tx);
    if (!isProofNode(proof)) return { valid: false, step: 'shape', reason: 'expected a proof tree: {kind: "derived", factId, fact, derivation, premises: [...]} with {kind: "base", factId, ref, fact} leaves' };
    return verifyGraphProof(this.graph, ruleSet.text, proof, tx);
  }

  private async withProvenance(proofs: ProofNode[], tx?: TransactionOptions): Promise<void> {
    const refs = proofs.flatMap((p) => baseLeaves(p).map((l) => ({ kind: l.ref, id: l.factId, fact: l.fact }) as PremiseRef));
    if (refs.length === 0) return;
    const provenance = await baseProvenance(this.graph, refs, tx);
    for (const p of proofs) attachProvenance(p, provenance);
  }

  /** Which rule set stored a derived fact: every derived fact records its set. */
  private async locate(factId: string, tx?: TransactionOptions): Promise<{ ruleSet: string } | undefined> {
    const relTypes = [...new Set((await Promise.all((await this.list(tx)).map((s) => this.relTypesOf(s.name, tx)))).flat())];
    const record = (await readRecordsById(this.graph, [factId], relTypes, tx)).get(factId);
    return record ? { ruleSet: record.ruleSet } : undefined;
  }

  private async relTypesOf(name: string, tx?: TransactionOptions): Promise<string[]> {
    return (await readRuleSet(this.graph, name, tx)).ruleSet.relTypes;
  }

  private async retractDerived(name: string, tx?: TransactionOptions): Promise<number> {
    this.materializer.forget(name);
    const stored = await readStoredRecords(this.graph, name, await this.relTypesOf(name, tx), tx);
    const byType = new Map<string | null, string[]>();
    for (const [id, s] of stored) {
      const list = byType.get(s.relType);
      if (list) list.push(id);
      else byType.set(s.relType, [id]);
    }
    const deleted = await deleteDerived(this.graph, byType, tx);
    await this.graph.writeQuery('rules/record-materialization', { name, version: -1, token: null, relTypes: [], relTypeCounts: [], derivedCount: 0, now: new Date().toISOString() }, tx);
    return deleted;
  }
}

function withDefaults(options: RuleCallOptions): MaterializeOptions {
  return {
    signal: options.signal,
    tx: options.tx,
    limits: {
      maxDerivedFacts: Math.min(options.limits?.maxDerivedFacts ?? Infinity, DEFAULT_RULE_LIMITS.maxDerivedFacts),
      timeoutMs: Math.min(options.limits?.timeoutMs ?? Infinity, DEFAULT_RULE_LIMITS.timeoutMs),
    },
  };
}

function isProofNode(value: unknown): value is ProofNode {
  const stack = [value];
  let budget = 1_000_000;
  while (stack.length > 0) {
    if (--budget < 0) return false;
    const node = stack.pop() as Record<string, unknown> | null;
    if (node === null || typeof node !== 'object' || typeof node.factId !== 'string') return false;
    const fact = node.fact as Record<string, unknown> | null;
    if (fact === null || typeof fact !== 'object' || typeof fact.predicate !== 'string' || !Array.isArray(fact.args)) return false;
    if (node.kind === 'base') {
      if (!['relation', 'entity', 'program'].includes(String(node.ref))) return false;
    } else if (node.kind === 'derived') {
      if (!Array.isArray(node.premises) || node.derivation === null || typeof node.derivation !== 'object') return false;
      stack.push(...node.premises);
    } else return false;
  }
  return true;
}

