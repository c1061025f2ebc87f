import { diagnostic, type Diagnostic } from '../Diagnostic';
import type { Expr, Literal, Rule } from '../syntax/ast';
import { aggregateLocals, atomVariables, exprVariables, literalVariables } from './variables';

/**
 * Range restriction (safety): every variable of the head, of a negated atom,
 * of a comparison and of an aggregate's group must be bound by a positive
 * body atom, or by `X = expr` whose right side is bound, or be an aggregate's
 * result. Without it a rule's answer would depend on the universe of values
 * (Abiteboul, Hull, Vianu, Foundations of Databases, §5.2).
 */
export function checkSafety(rule: Rule): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const bound = boundVariables(rule.body, new Set());
  for (const arg of rule.head.args) {
    if (arg.kind === 'anon') {
      diagnostics.push(diagnostic('DL002', arg.loc, `"_" in the head of ${rule.head.predicate}`, 'a head argument needs a value: use a variable bound in the body or a constant'));
    } else if (arg.kind === 'var' && !bound.has(arg.name)) {
      diagnostics.push(diagnostic('DL002', arg.loc, `head variable ${arg.name} is not bound by a positive body atom`, `add an atom that binds ${arg.name}, e.g. entity(${arg.name})`));
    }
  }
  rule.body.forEach((literal, index) => {
    if (literal.kind === 'negated') {
      for (const name of atomVariables(literal.atom)) {
        if (!bound.has(name)) {
          diagnostics.push(diagnostic('DL003', literal.loc, `variable ${name} of the negated atom ${literal.atom.predicate} is not bound by a positive body atom`, `bind ${name} with a positive atom, or write _ if any value will do`));
        }
      }
    } else if (literal.kind === 'compare') {
      for (const name of [...exprVariables(literal.left), ...exprVariables(literal.right)]) {
        if (!bound.has(name)) {
          diagnostics.push(diagnostic('DL004', literal.loc, `variable ${name} of the comparison is not bound by a positive body atom`, `bind ${name} with a positive atom before comparing it`));
        }
      }
    } else if (literal.kind === 'aggregate') {
      diagnostics.push(...checkAggregate(literal, aggregateLocals(rule.body, index, rule.head), bound));
    }
  });
  return dedupe(diagnostics);
}

function checkAggregate(literal: Extract<Literal, { kind: 'aggregate' }>, locals: Set<string>, outerBound: Set<string>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const inner of literal.body) {
    if (inner.kind === 'negated' || inner.kind === 'aggregate') {
      diagnostics.push(diagnostic('DL009', inner.loc, `an aggregate body holds positive atoms and comparisons only, not ${inner.kind === 'negated' ? 'negation' : 'another aggregate'}`, 'define a helper predicate for it and aggregate over that'));
    }
  }
  for (const name of new Set(literalVariables(literal))) {
    if (!locals.has(name) && name !== literal.result.name && !outerBound.has(name)) {
      diagnostics.push(diagnostic('DL009', literal.loc, `group variable ${name} of the ${literal.fn} aggregate is not bound by a positive atom outside it`, `bind ${name} outside the braces (e.g. entity(${name})), or use it only inside them`));
    }
  }
  const innerBound = boundVariables(literal.body, new Set([...outerBound].filter((name) => !locals.has(name))));
  const needed = literal.target ? exprVariables(literal.target) : [];
  for (const inner of literal.body) {
    if (inner.kind === 'compare') needed.push(...exprVariables(inner.left), ...exprVariables(inner.right));
  }
  for (const name of needed) {
    if (!innerBound.has(name)) {
      diagnostics.push(diagnostic('DL009', literal.loc, `variable ${name} of the ${literal.fn} aggregate is not bound by an atom of its body or of the rule`, `bind ${name} with an atom inside { … }`));
    }
  }
  return diagnostics;
}

/** Variables bound by the literals: positive atoms, then `X = bound expr` to a fixpoint, then aggregate results. */
export function boundVariables(body: Literal[], initiallyBound: Set<string>): Set<string> {
  const bound = new Set(initiallyBound);
  for (const literal of body) {
    if (literal.kind === 'positive') for (const name of atomVariables(literal.atom)) bound.add(name);
    if (literal.kind === 'aggregate') bound.add(literal.result.name);
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const literal of body) {
      if (literal.kind !== 'compare' || literal.op !== '=') continue;
      for (const [target, source] of [
        [literal.left, literal.right],
        [literal.right, literal.left],
      ] as Array<[Expr, Expr]>) {
        if (target.kind === 'var' && !bound.has(target.name) && exprVariables(source).every((name) => bound.has(name))) {
          bound.add(target.name);
          changed = true;
        }
      }
    }
  }
  return bound;
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}:${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
