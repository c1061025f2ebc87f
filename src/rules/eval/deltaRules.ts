import { aggregateLocals, atomVariables, literalVariables } from '../analysis/variables';
import { predicateKey, type Atom, type Literal, type Rule, type Term } from '../syntax/ast';

/**
 * A rule joined with one positive atom reading a delta — facts that changed —
 * instead of its relation. Incremental maintenance (incremental.ts) derives
 * these from the program's rules: a positive atom reading inserted or deleted
 * facts; a negated atom turned positive to read the facts that appeared or
 * disappeared under it; an aggregate's body atom, added to the rule, to
 * select the groups whose facts changed. A relaxed rule (relax()) may leave
 * head columns open: then it stands for every fact of the head predicate that
 * agrees on the other columns.
 */
export interface DeltaRule {
  rule: Rule;
  /** The positive atom (by position among the rule's positive atoms) that reads the delta. */
  deltaAtom: number;
  /** The predicate (`name/arity`) whose changed facts the delta atom reads. */
  deltaPredicate: string;
  /** Columns of the delta facts the delta atom ignores (`_`): blanked so that equal rest-of-tuples are joined once. */
  blankColumns: number[];
  /** The real head predicate. */
  headKey: string;
  /** Per column of the real head: the column of `rule.head` that gives it, or -1 when any value matches. */
  headColumns: number[];
}

const keyOf = (atom: Atom): string => predicateKey(atom.predicate, atom.args.length);
const positiveCount = (body: Literal[], before = body.length): number => body.slice(0, before).filter((l) => l.kind === 'positive').length;

function exact(rule: Rule, body: Literal[], deltaAtom: number, deltaPredicate: string, blankColumns: number[] = []): DeltaRule {
  return {
    rule: body === rule.body ? rule : { ...rule, body },
    deltaAtom,
    deltaPredicate,
    blankColumns,
    headKey: keyOf(rule.head),
    headColumns: rule.head.args.map((_, k) => k),
  };
}

/** The rule as written, its `atomIndex`-th positive atom reading the delta (semi-naive insertion, over-deletion). */
export function positiveDelta(rule: Rule, atomIndex: number): DeltaRule {
  const atom = rule.body.filter((l): l is Extract<Literal, { kind: 'positive' }> => l.kind === 'positive')[atomIndex].atom;
  return exact(rule, rule.body, atomIndex, keyOf(atom));
}

/**
 * The rule with the atom of its negated literal at `literalIndex` added,
 * positive, after its body, reading the delta: facts that appeared under it
 * (derivations that relied on their absence) or disappeared (derivations they
 * blocked). The negated literal stays: with `_` in it, other facts may still
 * block the derivation.
 */
export function negationDelta(rule: Rule, literalIndex: number): DeltaRule {
  const literal = rule.body[literalIndex];
  if (literal.kind !== 'negated') throw new Error(`Invariant violation: literal ${literalIndex} is not negated`);
  const blankColumns = literal.atom.args.flatMap((arg, column) => (arg.kind === 'anon' ? [column] : []));
  const body: Literal[] = [...rule.body, { kind: 'positive', atom: literal.atom, loc: literal.loc }];
  return exact(rule, body, positiveCount(rule.body), keyOf(literal.atom), blankColumns);
}

/**
 * The rule with one positive atom of an aggregate's body added after its
 * body, reading the facts of that atom that changed: its group variables are
 * then those of groups that gained or lost a fact (local variables are `_`,
 * so several changed facts of one group join once).
 */
export function aggregateDelta(rule: Rule, literalIndex: number, innerIndex: number): DeltaRule {
  const literal = rule.body[literalIndex];
  if (literal.kind !== 'aggregate' || literal.body[innerIndex]?.kind !== 'positive') throw new Error(`Invariant violation: no aggregated atom ${literalIndex}/${innerIndex}`);
  const inner = (literal.body[innerIndex] as Extract<Literal, { kind: 'positive' }>).atom;
  const locals = aggregateLocals(rule.body, literalIndex, rule.head);
  const blankColumns: number[] = [];
  const args = inner.args.map((arg, column): Term => {
    if (arg.kind === 'anon' || (arg.kind === 'var' && locals.has(arg.name))) {
      blankColumns.push(column);
      return { kind: 'anon', loc: arg.loc };
    }
    return arg;
  });
  const body: Literal[] = [...rule.body, { kind: 'positive', atom: { ...inner, args }, loc: inner.loc }];
  return exact(rule, body, positiveCount(rule.body), keyOf(inner), blankColumns);
}

/**
 * The rule without what cannot be evaluated against the state it is read in:
 * negated atoms over `changed` predicates, aggregates over them, and every
 * literal that needs a value only those computed. Over-deletion reads facts
 * that may already be up to date; a relaxed rule matches at least every
 * derivation the old state had (more is safe: over-deleted facts that still
 * hold are re-derived), and the head columns it cannot compute (an aggregate's
 * value) are left open.
 */
export function relax(delta: DeltaRule, changed: ReadonlySet<string>): DeltaRule {
  const body = delta.rule.body;
  const dropped = new Set<number>();
  const unbound = new Set<string>();
  body.forEach((literal, i) => {
    if (literal.kind === 'negated' && changed.has(keyOf(literal.atom))) dropped.add(i);
    if (literal.kind === 'aggregate' && literal.body.some((l) => l.kind === 'positive' && changed.has(keyOf(l.atom)))) {
      dropped.add(i);
      unbound.add(literal.result.name);
    }
  });
  if (dropped.size === 0) return delta;
  const fromAtoms = new Set(body.flatMap((l) => (l.kind === 'positive' ? atomVariables(l.atom) : [])));
  // A literal that reads a value no longer computed goes too, and so do the
  // values it alone computed (an assignment's target), until nothing changes.
  for (let again = true; again; ) {
    again = false;
    body.forEach((literal, i) => {
      if (dropped.has(i) || literal.kind === 'positive') return;
      const names = literalVariables(literal);
      if (!names.some((name) => unbound.has(name))) return;
      dropped.add(i);
      again = true;
      if (literal.kind === 'aggregate') unbound.add(literal.result.name);
      else for (const name of names) if (!fromAtoms.has(name)) unbound.add(name);
    });
  }
  const kept: Term[] = [];
  const headColumns = delta.rule.head.args.map((arg) => {
    if (arg.kind === 'var' && unbound.has(arg.name)) return -1;
    kept.push(arg);
    return kept.length - 1;
  });
  return {
    ...delta,
    rule: { ...delta.rule, head: { ...delta.rule.head, predicate: '\u0394' + delta.rule.head.predicate, args: kept }, body: body.filter((_, i) => !dropped.has(i)) },
    headColumns: delta.headColumns.map((c) => (c < 0 ? -1 : headColumns[c])),
  };
}
