import { diagnostic, type Diagnostic } from '../Diagnostic';
import { predicateKey, type Literal, type Rule } from '../syntax/ast';
import type { Stratum } from './stratify';
import { exprVariables } from './variables';

/**
 * Datalog terminates because it only recombines values it was given. Arithmetic
 * breaks that: `n(Y) :- n(X), Y = X + 1.` counts for ever. We refuse a
 * recursive rule whose head receives a value computed by arithmetic (directly
 * or through `=` copies) — a sufficient, conservative condition.
 */
export function checkTermination(strata: Stratum[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const stratum of strata) {
    if (!stratum.recursive) continue;
    const members = new Set(stratum.predicates);
    for (const rule of stratum.rules) {
      if (!readsOwnStratum(rule, members)) continue;
      const computed = computedVariables(rule.body);
      for (const arg of rule.head.args) {
        if (arg.kind === 'var' && computed.has(arg.name)) {
          diagnostics.push(diagnostic('DL008', arg.loc, `recursive rule for ${rule.head.predicate} creates new values through arithmetic (${arg.name}): evaluation may never end`, 'compute the value in a non-recursive rule, or bound it by a finite predicate'));
        }
      }
    }
  }
  return diagnostics;
}

function readsOwnStratum(rule: Rule, members: Set<string>): boolean {
  return rule.body.some((l) => l.kind === 'positive' && members.has(predicateKey(l.atom.predicate, l.atom.args.length)));
}

/** Variables whose value may be new: assigned from arithmetic, or copied from such a variable. */
function computedVariables(body: Literal[]): Set<string> {
  const fromAtoms = new Set<string>();
  for (const literal of body) {
    if (literal.kind === 'positive') for (const arg of literal.atom.args) if (arg.kind === 'var') fromAtoms.add(arg.name);
  }
  const computed = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const literal of body) {
      if (literal.kind !== 'compare' || literal.op !== '=') continue;
      for (const [target, source] of [
        [literal.left, literal.right],
        [literal.right, literal.left],
      ] as const) {
        if (target.kind !== 'var' || fromAtoms.has(target.name) || computed.has(target.name)) continue;
        if (source.kind === 'binary' || exprVariables(source).some((name) => computed.has(name))) {
          computed.add(target.name);
          changed = true;
        }
      }
    }
  }
  return computed;
}
