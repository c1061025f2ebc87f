import type { Atom, Expr, Literal } from '../syntax/ast';

/** Named variables of an atom (not `_`), in order of appearance, with repeats. */
export function atomVariables(atom: Atom): string[] {
  const names: string[] = [];
  for (const arg of atom.args) if (arg.kind === 'var') names.push(arg.name);
  return names;
}

export function exprVariables(expr: Expr, into: string[] = []): string[] {
  if (expr.kind === 'var') into.push(expr.name);
  else if (expr.kind === 'binary') {
    exprVariables(expr.left, into);
    exprVariables(expr.right, into);
  }
  return into;
}

/** Variables a literal mentions, aggregate bodies included. */
export function literalVariables(literal: Literal): string[] {
  switch (literal.kind) {
    case 'positive':
    case 'negated':
      return atomVariables(literal.atom);
    case 'compare':
      return [...exprVariables(literal.left), ...exprVariables(literal.right)];
    case 'aggregate': {
      const names = [literal.result.name];
      if (literal.target) exprVariables(literal.target, names);
      for (const inner of literal.body) names.push(...literalVariables(inner));
      return names;
    }
  }
}

/**
 * Variables of an aggregate that are local to it: those that occur neither in
 * the head nor in a literal outside aggregates (nor as another aggregate's
 * result). The others are group variables, bound before the aggregate runs.
 */
export function aggregateLocals(body: Literal[], index: number, head: Atom): Set<string> {
  const aggregate = body[index];
  const outside = new Set<string>(atomVariables(head));
  body.forEach((literal, i) => {
    if (literal.kind === 'aggregate') outside.add(literal.result.name);
    else if (i !== index) for (const name of literalVariables(literal)) outside.add(name);
  });
  const locals = new Set<string>();
  for (const name of literalVariables(aggregate)) if (!outside.has(name)) locals.add(name);
  return locals;
}
