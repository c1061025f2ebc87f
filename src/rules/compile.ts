import { err, ok, type Result } from '../util/result';
import { checkPredicates } from './analysis/predicates';
import { checkSafety } from './analysis/safety';
import { stratify, type Stratum } from './analysis/stratify';
import { checkTermination } from './analysis/termination';
import type { Diagnostic } from './Diagnostic';
import { predicateKey, type Atom, type ProgramAst } from './syntax/ast';
import { parse } from './syntax/parser';

/** A program that passed analysis: parsed, safe, stratified, terminating. */
export interface Program {
  ast: ProgramAst;
  /** Evaluation order: each stratum reads only itself and earlier strata. */
  strata: Stratum[];
  /** Every predicate the program mentions, `name/arity` → its parts. */
  predicates: Map<string, { name: string; arity: number }>;
  /** Predicates some rule derives: the ones `rules eval` prints. */
  derived: Set<string>;
  /** Non-fatal findings (DL1xx), e.g. predicates expected from outside. */
  warnings: Diagnostic[];
}

/**
 * syntax → AST → analysis: the front half of the pipeline. Errors and warnings
 * come back together, sorted by position; a program with any error is refused.
 */
export function compile(source: string): Result<Program, Diagnostic[]> {
  const parsed = parse(source);
  if (parsed.diagnostics.length > 0) return err(sortByPosition(parsed.diagnostics));
  const ast = parsed.ast;
  const predicates = collectPredicates(ast);
  const diagnostics: Diagnostic[] = [...checkPredicates(ast)];
  for (const rule of ast.rules) diagnostics.push(...checkSafety(rule));
  const { strata, diagnostics: stratification } = stratify(ast.rules, predicates.keys());
  diagnostics.push(...stratification);
  diagnostics.push(...checkTermination(strata));
  const sorted = sortByPosition(diagnostics);
  if (sorted.some((d) => d.severity === 'error')) return err(sorted);
  const derived = new Set(ast.rules.map((r) => predicateKey(r.head.predicate, r.head.args.length)));
  return ok({ ast, strata, predicates, derived, warnings: sorted });
}

function collectPredicates(ast: ProgramAst): Map<string, { name: string; arity: number }> {
  const predicates = new Map<string, { name: string; arity: number }>();
  const add = (atom: Atom): void => {
    predicates.set(predicateKey(atom.predicate, atom.args.length), { name: atom.predicate, arity: atom.args.length });
  };
  ast.facts.forEach(add);
  for (const rule of ast.rules) {
    add(rule.head);
    const visit = (literals: typeof rule.body): void => {
      for (const l of literals) {
        if (l.kind === 'positive' || l.kind === 'negated') add(l.atom);
        else if (l.kind === 'aggregate') visit(l.body);
      }
    };
    visit(rule.body);
  }
  return predicates;
}

function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
}
