/**
 * Estimands as expression trees over observed variables (node indices):
 * `P(head | given)` of the observational distribution, products, sums over
 * variables, and quotients. A lower-case variable in the rendered formula
 * stands for its value; a sum binds its variables.
 *
 * `head` on a quotient records that it is a conditional distribution over
 * those variables (it sums to 1 over them), which lets `marginalize` drop it.
 */
export type Expr =
  | { kind: 'prob'; head: number[]; given: number[] }
  | { kind: 'product'; factors: Expr[] }
  | { kind: 'sum'; over: number[]; body: Expr }
  | { kind: 'quotient'; numerator: Expr; denominator: Expr; head?: number[] };

export const ONE: Expr = { kind: 'product', factors: [] };

/** P(head | given), variables written in the order given (duplicates dropped). */
export function prob(head: Iterable<number>, given: Iterable<number> = []): Expr {
  return { kind: 'prob', head: [...new Set(head)], given: [...new Set(given)] };
}

/** A product with nested products flattened and factors of 1 dropped. */
export function product(factors: Expr[]): Expr {
  const flat: Expr[] = [];
  for (const f of factors) {
    if (f.kind === 'product') flat.push(...f.factors);
    else flat.push(f);
  }
  return flat.length === 1 ? flat[0] : { kind: 'product', factors: flat };
}

export function freeVariables(expr: Expr): Set<number> {
  switch (expr.kind) {
    case 'prob':
      return new Set([...expr.head, ...expr.given]);
    case 'product':
      return new Set(expr.factors.flatMap((f) => [...freeVariables(f)]));
    case 'sum': {
      const free = freeVariables(expr.body);
      for (const v of expr.over) free.delete(v);
      return free;
    }
    case 'quotient':
      return new Set([...freeVariables(expr.numerator), ...freeVariables(expr.denominator)]);
  }
}

/** The variables a factor is a normalised distribution over, if known. */
function headOf(expr: Expr): number[] | undefined {
  if (expr.kind === 'prob') return expr.head;
  if (expr.kind === 'quotient') return expr.head;
  return undefined;
}

/**
 * Σ_{vars} expr, simplified by the rules that keep the formula exact:
 *  - Σ_S P(A | B) = P(A \ S | B) when S ∩ B = ∅;
 *  - in a product, a conditional factor over H ⊆ S whose variables occur in no
 *    other factor sums to 1 and disappears (repeated to a fixpoint: this is
 *    what removes a topological suffix of a chain-rule product);
 *  - factors that mention no summed variable move out of the sum;
 *  - nested sums merge.
 */
export function marginalize(expr: Expr, vars: Iterable<number>): Expr {
  const free = freeVariables(expr);
  const summed = new Set([...vars].filter((v) => free.has(v)));
  if (summed.size === 0) return expr;
  if (expr.kind === 'prob') {
    if (expr.given.some((v) => summed.has(v))) return { kind: 'sum', over: sorted(summed), body: expr };
    const head = expr.head.filter((v) => !summed.has(v));
    return head.length === 0 ? ONE : { kind: 'prob', head, given: expr.given };
  }
  if (expr.kind === 'sum') return marginalize(expr.body, [...summed, ...expr.over]);
  if (expr.kind === 'quotient') {
    const head = expr.head;
    if (head && [...summed].every((v) => head.includes(v)) && head.every((v) => summed.has(v))) return ONE;
    return { kind: 'sum', over: sorted(summed), body: expr };
  }
  let factors = liftInnerSums(expr.factors, summed);
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < factors.length; i += 1) {
      const head = headOf(factors[i]);
      if (!head) continue;
      const elsewhere = new Set(factors.flatMap((f, j) => (j === i ? [] : [...freeVariables(f)])));
      const removable = head.filter((v) => summed.has(v) && !elsewhere.has(v));
      if (removable.length === 0) continue;
      const f = factors[i];
      if (removable.length === head.length) {
        factors.splice(i, 1);
      } else if (f.kind === 'prob' && !f.given.some((v) => summed.has(v))) {
        factors[i] = { kind: 'prob', head: head.filter((v) => !removable.includes(v)), given: f.given };
      } else continue;
      for (const v of removable) summed.delete(v);
      changed = true;
      break;
    }
  }
  const inside = factors.filter((f) => [...freeVariables(f)].some((v) => summed.has(v)));
  const outside = factors.filter((f) => !inside.includes(f));
  const stillSummed = [...summed].filter((v) => inside.some((f) => freeVariables(f).has(v)));
  if (stillSummed.length === 0) return product(outside);
  if (inside.length === 1) return product([...outside, marginalize(inside[0], stillSummed)]);
  return product([...outside, { kind: 'sum', over: sorted(stillSummed), body: product(inside) }]);
}

/**
 * Σ_S f · Σ_T g = Σ_{S ∪ T} f · g when no variable of T is free in f: the
 * inner sum's factors join the outer product, where they may cancel. `summed`
 * gains T.
 */
function liftInnerSums(factors: Expr[], summed: Set<number>): Expr[] {
  const out = [...factors];
  for (let i = 0; i < out.length; i += 1) {
    const f = out[i];
    if (f.kind !== 'sum') continue;
    const elsewhere = new Set(out.flatMap((g, j) => (j === i ? [] : [...freeVariables(g)])));
    if (f.over.some((v) => elsewhere.has(v) || summed.has(v))) continue;
    f.over.forEach((v) => summed.add(v));
    out.splice(i, 1, ...(f.body.kind === 'product' ? f.body.factors : [f.body]));
    i = -1; // lifted factors may hold sums of their own
  }
  return out;
}

/** num / den, cancelling the factors a product denominator shares with a product numerator. */
export function quotient(numerator: Expr, denominator: Expr, head?: number[]): Expr {
  const num = numerator.kind === 'product' ? [...numerator.factors] : [numerator];
  const den = denominator.kind === 'product' ? [...denominator.factors] : [denominator];
  for (let i = den.length - 1; i >= 0; i -= 1) {
    const j = num.findIndex((f) => equalExpr(f, den[i]));
    if (j >= 0) {
      num.splice(j, 1);
      den.splice(i, 1);
    }
  }
  if (den.length === 0) return product(num);
  return { kind: 'quotient', numerator: product(num), denominator: product(den), ...(head ? { head: sorted(head) } : {}) };
}

export function equalExpr(a: Expr, b: Expr): boolean {
  return JSON.stringify(stripHeads(a)) === JSON.stringify(stripHeads(b));
}

/** A canonical form for comparison: variable order and quotient heads ignored. */
function stripHeads(e: Expr): unknown {
  switch (e.kind) {
    case 'prob':
      return { kind: 'prob', head: sorted(e.head), given: sorted(e.given) };
    case 'product':
      return { kind: 'product', factors: e.factors.map(stripHeads) };
    case 'sum':
      return { kind: 'sum', over: e.over, body: stripHeads(e.body) };
    case 'quotient':
      return { kind: 'quotient', numerator: stripHeads(e.numerator), denominator: stripHeads(e.denominator) };
  }
}

function sorted(vars: Iterable<number>): number[] {
  return [...new Set(vars)].sort((a, b) => a - b);
}

/**
 * A last pass for readability: in every product, the quotients' numerators
 * and denominators are gathered into one fraction and equal factors cancel —
 * (A / B) (C / A) = C / B. Exact; it only drops the `head` notes that
 * `marginalize` needs, so it runs once, on the finished estimand.
 */
export function cancelQuotients(expr: Expr): Expr {
  switch (expr.kind) {
    case 'prob':
      return expr;
    case 'sum':
      return { kind: 'sum', over: expr.over, body: cancelQuotients(expr.body) };
    case 'quotient':
      return quotient(cancelQuotients(expr.numerator), cancelQuotients(expr.denominator));
    case 'product': {
      const factors = expr.factors.map(cancelQuotients);
      if (!factors.some((f) => f.kind === 'quotient')) return product(factors);
      const numerators: Expr[] = [];
      const denominators: Expr[] = [];
      for (const f of factors) {
        if (f.kind === 'quotient') {
          numerators.push(f.numerator);
          denominators.push(f.denominator);
        } else numerators.push(f);
      }
      return quotient(product(numerators), product(denominators));
    }
  }
}
