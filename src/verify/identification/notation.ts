import { isRecord } from './graph';

/**
 * Writes an estimand tree in the notation of docs/identification.md, so the
 * checker can confirm the printed formula is the tree it checked. Written from
 * the documentation, not from the engine's renderer.
 */
export function writeEstimand(tree: unknown, variableNames: string[]): string {
  const lower = variableNames.map((n) => n.toLowerCase());
  const display = new Map(variableNames.map((n, i) => [n, new Set(lower).size === lower.length ? lower[i] : n]));
  const free = freeNames(tree);
  const scope = new Map([...free].map((n) => [n, display.get(n)!]));
  return write(tree, scope, new Set(scope.values()), display);
}

function write(tree: unknown, scope: Map<string, string>, used: Set<string>, display: Map<string, string>): string {
  if (!isRecord(tree)) return '?';
  const shown = (n: string) => scope.get(n) ?? display.get(n) ?? n;
  if (tree.kind === 'prob') {
    const head = (tree.head as string[]).map(shown).join(',');
    const given = (tree.given as string[]).map(shown);
    return given.length ? `P(${head}|${given.join(',')})` : `P(${head})`;
  }
  if (tree.kind === 'sum') {
    const inner = new Map(scope);
    const innerUsed = new Set(used);
    const bound: string[] = [];
    for (const n of tree.over as string[]) {
      let name = display.get(n) ?? n;
      while (innerUsed.has(name)) name = `${name}'`;
      innerUsed.add(name);
      inner.set(n, name);
      bound.push(name);
    }
    return `Σ_{${bound.join(',')}} ${write(tree.body, inner, innerUsed, display)}`;
  }
  if (tree.kind === 'quotient') {
    const side = (t: unknown) => (isRecord(t) && t.kind === 'prob' ? write(t, scope, used, display) : `[${write(t, scope, used, display)}]`);
    return `${side(tree.numerator)} / ${side(tree.denominator)}`;
  }
  const factors = (tree.factors as unknown[]) ?? [];
  if (factors.length === 0) return '1';
  const isSum = (f: unknown) => isRecord(f) && f.kind === 'sum';
  const out: string[] = [];
  for (const f of factors.filter((f) => !isSum(f))) {
    const text = write(f, scope, used, display);
    out.push(isRecord(f) && f.kind === 'quotient' && factors.length > 1 ? `(${text})` : text);
  }
  const sums = factors.filter(isSum);
  sums.forEach((f, i) => {
    const text = write(f, scope, used, display);
    out.push(i < sums.length - 1 ? `[${text}]` : text);
  });
  return out.join(' ');
}

function freeNames(tree: unknown): Set<string> {
  if (!isRecord(tree)) return new Set();
  if (tree.kind === 'prob') return new Set([...(tree.head as string[]), ...(tree.given as string[])]);
  if (tree.kind === 'sum') {
    const free = freeNames(tree.body);
    for (const n of tree.over as string[]) free.delete(n);
    return free;
  }
  if (tree.kind === 'quotient') return new Set([...freeNames(tree.numerator), ...freeNames(tree.denominator)]);
  return new Set(((tree.factors as unknown[]) ?? []).flatMap((f) => [...freeNames(f)]));
}
