import { freeVariables, type Expr } from './expression';

/**
 * Writes an estimand the way papers do: `Σ_{z} P(z|x) Σ_{x'} P(y|x',z) P(x')`.
 *  - a variable's value is written with its display name; a summed variable
 *    whose name is already taken in the enclosing scope gets primes (x', x'');
 *  - a sum extends to the end of its product, so sums are written last and all
 *    but the last one are bracketed;
 *  - a compound numerator or denominator is bracketed, and a quotient inside a
 *    product is parenthesised.
 */
export function renderExpression(expr: Expr, displayNames: readonly string[]): string {
  const free = freeVariables(expr);
  const scope = new Map<number, string>();
  for (const v of free) scope.set(v, displayNames[v]);
  return render(expr, scope, new Set(scope.values()), displayNames);
}

function render(expr: Expr, scope: Map<number, string>, taken: Set<string>, names: readonly string[]): string {
  const nameOf = (v: number) => scope.get(v) ?? names[v];
  switch (expr.kind) {
    case 'prob': {
      const head = expr.head.map(nameOf).join(',');
      return expr.given.length === 0 ? `P(${head})` : `P(${head}|${expr.given.map(nameOf).join(',')})`;
    }
    case 'sum': {
      const inner = new Map(scope);
      const innerTaken = new Set(taken);
      const bound = expr.over.map((v) => {
        let name = names[v];
        while (innerTaken.has(name)) name += "'";
        innerTaken.add(name);
        inner.set(v, name);
        return name;
      });
      return `Σ_{${bound.join(',')}} ${render(expr.body, inner, innerTaken, names)}`;
    }
    case 'quotient': {
      const part = (e: Expr) => {
        const text = render(e, scope, taken, names);
        return e.kind === 'prob' ? text : `[${text}]`;
      };
      return `${part(expr.numerator)} / ${part(expr.denominator)}`;
    }
    case 'product': {
      if (expr.factors.length === 0) return '1';
      const plain = expr.factors.filter((f) => f.kind !== 'sum');
      const sums = expr.factors.filter((f) => f.kind === 'sum');
      const parts = plain.map((f) => {
        const text = render(f, scope, taken, names);
        return f.kind === 'quotient' && expr.factors.length > 1 ? `(${text})` : text;
      });
      sums.forEach((f, i) => {
        const text = render(f, scope, taken, names);
        parts.push(i < sums.length - 1 ? `[${text}]` : text);
      });
      return parts.join(' ');
    }
  }
}

/**
 * Display names for values: the lower-cased variable names when lower-casing
 * keeps them distinct (`Smoking` → `smoking`), the names as declared otherwise.
 */
export function valueNames(names: readonly string[]): string[] {
  const lower = names.map((n) => n.toLowerCase());
  return new Set(lower).size === names.length ? lower : [...names];
}
