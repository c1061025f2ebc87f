import { diagnostic, type Diagnostic } from '../Diagnostic';
import { predicateKey, type Atom, type ProgramAst } from '../syntax/ast';
import { didYouMean } from './didYouMean';

/** Every atom of the program with where it occurs: head, fact or body. */
function bodyAtoms(ast: ProgramAst): Atom[] {
  const atoms: Atom[] = [];
  for (const rule of ast.rules) {
    const visit = (literals: typeof rule.body): void => {
      for (const literal of literals) {
        if (literal.kind === 'positive' || literal.kind === 'negated') atoms.push(literal.atom);
        else if (literal.kind === 'aggregate') visit(literal.body);
      }
    };
    visit(rule.body);
  }
  return atoms;
}

/**
 * Predicates are name/arity, so `p/1` and `p/2` may both exist. A clash is a
 * body atom whose name the program defines only with other arities (DL007);
 * a predicate the program reads but never defines is a warning (DL101): it
 * may come from a facts file or the graph.
 */
export function checkPredicates(ast: ProgramAst): Diagnostic[] {
  const defined = new Map<string, Set<number>>();
  const define = (atom: Atom): void => {
    const arities = defined.get(atom.predicate) ?? new Set<number>();
    arities.add(atom.args.length);
    defined.set(atom.predicate, arities);
  };
  ast.facts.forEach(define);
  ast.rules.forEach((rule) => define(rule.head));
  const diagnostics: Diagnostic[] = [];
  const warned = new Set<string>();
  for (const atom of bodyAtoms(ast)) {
    const arities = defined.get(atom.predicate);
    const key = predicateKey(atom.predicate, atom.args.length);
    if (arities?.has(atom.args.length)) continue;
    if (arities) {
      const known = [...arities].map((a) => predicateKey(atom.predicate, a)).join(', ');
      diagnostics.push(diagnostic('DL007', atom.loc, `${atom.predicate} is used with ${atom.args.length} argument(s) here but defined as ${known}`, `did you mean ${known}?`));
    } else if (!warned.has(key)) {
      warned.add(key);
      const names = [...defined.keys()];
      const guess = didYouMean(atom.predicate, names);
      diagnostics.push(diagnostic('DL101', atom.loc, `${key} is used but never defined in the program`, guess ? `did you mean ${guess}? (or supply ${key} as facts)` : `supply ${key} as facts (a facts file or the graph), or define it`));
    }
  }
  for (const fact of ast.facts) {
    for (const arg of fact.args) {
      if (arg.kind !== 'const') diagnostics.push(diagnostic('DL010', arg.loc, `fact ${fact.predicate} has a non-constant argument`, 'facts are ground: write constants, or add a body that binds the variable'));
    }
  }
  return diagnostics;
}
