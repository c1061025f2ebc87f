/**
 * The stored form of a derivation: compact, because every derived fact
 * carries one and the write rate of derived facts follows their bytes and
 * property count (docs/rules-graph.md, "Derived facts: how they are stored").
 *
 * A record is one JSON string `[rule, kinds, ids, values]`:
 * - `rule`: the rule's index in the rule set's program (a set's records are
 *   retracted whenever its text changes, so the index is stable);
 * - `kinds`: one letter per premise, `r` relation, `e` entity, `p` a fact
 *   written in the program, `d` another derived fact;
 * - `ids`: the premise fact ids (none for `p`), the design's "derivation
 *   record naming the premise fact ids";
 * - `values`: what the rule and the fact itself do not give — the values of
 *   the variables not in the head (sorted by name), then of each `_` in the
 *   positive body atoms (in order).
 * The rule text, substitution and premise facts are rebuilt from these and
 * the program. Rules with negation or aggregates keep the whole step as JSON
 * beside the record (`derivation`): their absent facts and aggregated groups
 * cannot be rebuilt; `values` is then empty.
 */
import type { Constant, Derivation, Expr, Fact, Program, Rule, Term } from '../../rules';
import { invariant } from '../../errors';
import type { PremiseRef } from './model';

export interface EncodedDerivation {
  /** The record string (stored as `record`). */
  record: string;
  /** The whole step, only for rules whose step the record cannot rebuild (stored as `derivation`). */
  derivation: string | null;
  /** The rule's index: orders a write batch. */
  rule: number;
}

/**
 * A derived fact's properties as read back. A relationship's fact is its
 * rule's head predicate over its endpoints (and strength, for the ternary
 * causal form); a DerivedFact node stores predicate and arguments.
 */
export interface StoredRecord {
  id: string;
  ruleSet: string;
  /** The relationship type, or null for a DerivedFact node. */
  relType: string | null;
  record: string;
  derivation: string | null;
  /** Node: the predicate and the JSON arguments. */
  predicate?: string;
  args?: string;
  /** Relationship: the endpoints' entity ids and the strength. */
  from?: string;
  to?: string;
  strength?: number | null;
}

/** A stored record from a read row (`rules/read-derived-*` queries return these keys). */
export function storedRecordOf(row: Record<string, unknown>, relType: string | null): StoredRecord {
  const text = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
  return {
    id: String(row.id),
    ruleSet: String(row.ruleSet),
    relType,
    record: String(row.record),
    derivation: text(row.derivation) ?? null,
    predicate: text(row.predicate),
    args: text(row.args),
    from: text(row.from),
    to: text(row.to),
    strength: typeof row.strength === 'number' ? row.strength : null,
  };
}

const KIND_LETTERS: Record<PremiseRef['kind'], string> = { relation: 'r', entity: 'e', program: 'p', derived: 'd' };
const KINDS_BY_LETTER: Record<string, PremiseRef['kind']> = { r: 'relation', e: 'entity', p: 'program', d: 'derived' };

/** Per program: each rule's index, keyed by line and text (what a Derivation names), and its variable layout. */
const layouts = new WeakMap<Program, { indexOf: Map<string, number>; rules: RuleLayout[] }>();

interface RuleLayout {
  rule: Rule;
  /** Variables not in the head, sorted: their values are stored. */
  freeVariables: string[];
  /** Whether the record alone rebuilds the step (positive atoms and comparisons only). */
  compact: boolean;
}

function layoutOf(program: Program): { indexOf: Map<string, number>; rules: RuleLayout[] } {
  let layout = layouts.get(program);
  if (layout) return layout;
  const rules = program.ast.rules.map((rule): RuleLayout => {
    const head = new Set(varNames(rule.head.args));
    const body = new Set<string>();
    let compact = true;
    for (const literal of rule.body) {
      if (literal.kind === 'positive') for (const v of varNames(literal.atom.args)) body.add(v);
      else if (literal.kind === 'compare') for (const v of exprVarNames(literal.left).concat(exprVarNames(literal.right))) body.add(v);
      else compact = false;
    }
    return { rule, freeVariables: [...body].filter((v) => !head.has(v)).sort(), compact };
  });
  layout = { indexOf: new Map(program.ast.rules.map((r, i) => [`${r.loc.line}\u0000${r.text}`, i])), rules };
  layouts.set(program, layout);
  return layout;
}

/** The record of one derivation step; `premises` are its premises' references, aggregated facts last. */
export function encodeDerivation(program: Program, derivation: Derivation, premises: readonly PremiseRef[]): EncodedDerivation {
  const layout = layoutOf(program);
  const index = layout.indexOf.get(`${derivation.rule.line}\u0000${derivation.rule.text}`);
  invariant(index !== undefined, `the derivation's rule (line ${derivation.rule.line}) is in the program`);
  const { rule, freeVariables, compact } = layout.rules[index];
  const kinds = premises.map((p) => KIND_LETTERS[p.kind]).join('');
  const ids = premises.filter((p) => p.kind !== 'program').map((p) => p.id);
  const values: Constant[] = freeVariables.map((v) => derivation.substitution[v]);
  // A variable the engine did not bind (none today) would not survive the round trip: keep the whole step then.
  if (!compact || values.some((v) => v === undefined)) return { record: JSON.stringify([index, kinds, ids, []]), derivation: JSON.stringify(derivation), rule: index };
  let atom = 0;
  for (const literal of rule.body) {
    if (literal.kind !== 'positive') continue;
    const premise = derivation.premises[atom++];
    literal.atom.args.forEach((term, k) => {
      if (term.kind === 'anon') values.push(premise.args[k]);
    });
  }
  return { record: JSON.stringify([index, kinds, ids, values]), derivation: null, rule: index };
}

/** The fact, derivation step and premise references a stored record stands for, under its rule set's program. */
export function decodeDerivation(program: Program, stored: StoredRecord): { fact: Fact; derivation: Derivation; premises: PremiseRef[] } {
  const [index, kinds, ids, values] = JSON.parse(stored.record) as [number, string, string[], Constant[]];
  const layout = layoutOf(program).rules[index];
  invariant(layout !== undefined, `a stored record names rule ${index} of its rule set's program`);
  const fact = storedFact(layout.rule, stored);
  const derivation = stored.derivation ? (JSON.parse(stored.derivation) as Derivation) : rebuild(layout, fact, values);
  const facts = [...derivation.premises, ...derivation.aggregates.flatMap((a) => a.facts.flat())];
  invariant(facts.length === kinds.length, 'a stored record names one kind per premise');
  let next = 0;
  const premises = facts.map((fact, k): PremiseRef => {
    const kind = KINDS_BY_LETTER[kinds[k]];
    return { kind, id: kind === 'program' ? '' : ids[next++], fact };
  });
  return { fact, derivation, premises };
}

function storedFact(rule: Rule, stored: StoredRecord): Fact {
  if (stored.relType === null) return { predicate: String(stored.predicate), args: JSON.parse(String(stored.args)) as Constant[] };
  const ends: Constant[] = [String(stored.from), String(stored.to)];
  return { predicate: rule.head.predicate, args: rule.head.args.length === 3 ? [...ends, Number(stored.strength)] : ends };
}

/** A positive rule's step from its conclusion and the stored values: unify the head, then instantiate the body atoms. */
function rebuild({ rule, freeVariables }: RuleLayout, fact: Fact, values: readonly Constant[]): Derivation {
  const substitution: Record<string, Constant> = {};
  rule.head.args.forEach((term, k) => {
    if (term.kind === 'var') substitution[term.name] = fact.args[k];
  });
  freeVariables.forEach((v, k) => (substitution[v] = values[k]));
  let anon = freeVariables.length;
  const premises: Fact[] = [];
  for (const literal of rule.body) {
    if (literal.kind !== 'positive') continue;
    const args = literal.atom.args.map((term) => (term.kind === 'const' ? term.value : term.kind === 'var' ? substitution[term.name] : values[anon++]));
    premises.push({ predicate: literal.atom.predicate, args });
  }
  return { fact, rule: { text: rule.text, line: rule.loc.line }, substitution, premises, absent: [], aggregates: [] };
}

function varNames(terms: readonly Term[]): string[] {
  return terms.flatMap((t) => (t.kind === 'var' ? [t.name] : []));
}

function exprVarNames(expr: Expr): string[] {
  if (expr.kind === 'binary') return exprVarNames(expr.left).concat(exprVarNames(expr.right));
  return expr.kind === 'var' ? [expr.name] : [];
}
