import type { Program } from '../compile';
import { predicateKey, type Atom, type Rule } from '../syntax/ast';
import { aggregateDelta, negationDelta, positiveDelta, type DeltaRule } from './deltaRules';
import type { Relation } from './Relation';

/** The net change of a predicate's facts once its stratum is brought up to date. */
export interface NetChange {
  added: Relation;
  removed: Relation;
}

/** Where each predicate is read: by a positive atom, a negated one, an atom inside an aggregate. */
export interface Readers {
  positive: Map<string, Array<{ rule: Rule; atomIndex: number }>>;
  negated: Map<string, Array<{ rule: Rule; literalIndex: number }>>;
  aggregated: Map<string, Array<{ rule: Rule; literalIndex: number; innerIndex: number }>>;
}

export function readersOf(rules: readonly Rule[]): Readers {
  const readers: Readers = { positive: new Map(), negated: new Map(), aggregated: new Map() };
  const add = <T>(map: Map<string, T[]>, atom: Atom, entry: T): void => {
    const key = predicateKey(atom.predicate, atom.args.length);
    map.set(key, [...(map.get(key) ?? []), entry]);
  };
  for (const rule of rules) {
    let atomIndex = 0;
    rule.body.forEach((literal, literalIndex) => {
      if (literal.kind === 'positive') add(readers.positive, literal.atom, { rule, atomIndex: atomIndex++ });
      else if (literal.kind === 'negated') add(readers.negated, literal.atom, { rule, literalIndex });
      else if (literal.kind === 'aggregate') {
        literal.body.forEach((inner, innerIndex) => {
          if (inner.kind === 'positive') add(readers.aggregated, inner.atom, { rule, literalIndex, innerIndex });
        });
      }
    });
  }
  return readers;
}

/** Predicates read by rules of a later stratum, and whether any reads them negated or aggregated (then their removed facts matter too). */
export function readersAbove(program: Program, readers: Readers): Map<string, { negatedOrAggregated: boolean }> {
  const stratumOf = new Map<string, number>();
  program.strata.forEach((stratum, i) => stratum.predicates.forEach((key) => stratumOf.set(key, i)));
  const above = new Map<string, { negatedOrAggregated: boolean }>();
  for (const [key, list] of readers.positive) {
    if (list.some(({ rule }) => stratumOf.get(predicateKey(rule.head.predicate, rule.head.args.length)) !== stratumOf.get(key))) above.set(key, { negatedOrAggregated: false });
  }
  for (const key of [...readers.negated.keys(), ...readers.aggregated.keys()]) above.set(key, { negatedOrAggregated: true });
  return above;
}

/** Predicates a rule's body reads, aggregates included. */
export function bodyPredicates(rule: Rule): string[] {
  return rule.body.flatMap((literal) => {
    if (literal.kind === 'positive' || literal.kind === 'negated') return [predicateKey(literal.atom.predicate, literal.atom.args.length)];
    if (literal.kind === 'aggregate') return literal.body.flatMap((l) => (l.kind === 'positive' ? [predicateKey(l.atom.predicate, l.atom.args.length)] : []));
    return [];
  });
}

/**
 * The delta rules through which a rule of a stratum derives new facts from
 * the net change of the strata below: a positive atom reading added facts, a
 * negated one reading removed facts, an aggregate's atom selecting the groups
 * that changed.
 */
export function lowerDeltas(rule: Rule, members: ReadonlySet<string>, changes: ReadonlyMap<string, NetChange>, addedOrRemoved: (key: string) => Relation): Array<{ variant: DeltaRule; facts: Relation }> {
  const out: Array<{ variant: DeltaRule; facts: Relation }> = [];
  let atomIndex = 0;
  rule.body.forEach((literal, literalIndex) => {
    if (literal.kind === 'positive') {
      const key = predicateKey(literal.atom.predicate, literal.atom.args.length);
      const net = members.has(key) ? undefined : changes.get(key);
      if (net && net.added.size > 0) out.push({ variant: positiveDelta(rule, atomIndex), facts: net.added });
      atomIndex++;
    } else if (literal.kind === 'negated') {
      const net = changes.get(predicateKey(literal.atom.predicate, literal.atom.args.length));
      if (net && net.removed.size > 0) out.push({ variant: negationDelta(rule, literalIndex), facts: net.removed });
    } else if (literal.kind === 'aggregate') {
      literal.body.forEach((inner, innerIndex) => {
        if (inner.kind !== 'positive') return;
        const key = predicateKey(inner.atom.predicate, inner.atom.args.length);
        if (changes.has(key)) out.push({ variant: aggregateDelta(rule, literalIndex, innerIndex), facts: addedOrRemoved(key) });
      });
    }
  });
  return out;
}
