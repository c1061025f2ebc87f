import type { VerifyOutcome } from '../VerifyOutcome';
import { verifyIdentificationCertificate } from '../identification';

/**
 * Re-checks an answer of `causeway causal estimate` without the estimation
 * code (docs/estimation.md):
 *   1. the answer's numbers are the certificate's result;
 *   2. the estimand identifies P(y | do(x)) in the certificate's graph —
 *      re-checked by the identification checker;
 *   3. with no smoothing (alpha 0), pDo, pControl and pBaseline are recomputed
 *      by evaluating the estimand tree on the certified count table, by a
 *      small evaluator of its own.
 * The count table is the data's sufficient statistic; its link to the CSV is
 * the certificate's dataSha256, which this checker cannot see the file for.
 */
type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

interface Table {
  names: string[];
  states: string[][];
  counts: number[];
  rows: number;
}

type Tree =
  | { kind: 'sum'; over: string[]; body: Tree }
  | { kind: 'product'; factors: Tree[] }
  | { kind: 'quotient'; numerator: Tree; denominator: Tree }
  | { kind: 'prob'; head: string[]; given: string[] };

const TOLERANCE = 1e-9;

export function verifyEstimateCertificate(doc: unknown): VerifyOutcome {
  const fail = (step: string, reason: string): VerifyOutcome => ({ valid: false, step, reason });
  if (!isRecord(doc) || !isRecord(doc.certificate)) return fail('shape', 'expected the JSON printed by `causal estimate`');
  const cert = doc.certificate;
  if (cert.type !== 'causeway.causal.estimate') return fail('shape', 'certificate.type is not "causeway.causal.estimate"');
  const result = isRecord(cert.result) ? cert.result : {};
  for (const key of ['pDo', 'pBaseline', 'effect', 'pControl', 'ate']) {
    if (doc[key] !== result[key]) return fail('result', `the answer's ${key} (${String(doc[key])}) differs from the certificate's (${String(result[key])})`);
  }
  if (typeof result.pDo !== 'number' || typeof result.pBaseline !== 'number' || Math.abs(result.pDo - result.pBaseline - Number(result.effect)) > TOLERANCE) {
    return fail('result', 'effect is not pDo − pBaseline');
  }

  const query = isRecord(cert.query) ? cert.query : {};
  const treatment = query.treatment as { variable: string; state: string } | undefined;
  const outcome = query.outcome as { variable: string; state: string } | undefined;
  const control = query.control as { variable: string; state: string } | undefined;
  if (!treatment || !outcome) return fail('query', 'the certificate names no treatment or outcome');
  const identification = isRecord(cert.identification) ? cert.identification : {};
  const identified = verifyIdentificationCertificate({
    identifiable: true,
    method: identification.method,
    estimand: identification.estimand,
    ...(identification.adjustmentSet ? { adjustmentSet: identification.adjustmentSet } : {}),
    certificate: {
      kind: 'identification',
      graph: cert.graph,
      query: { treatment: [treatment.variable], outcome: [outcome.variable] },
      identifiable: true,
      ...identification,
    },
  });
  if (!identified.valid) return fail(`identification/${identified.step}`, identified.reason);

  if (cert.alpha !== 0) return { valid: true, checked: `${identified.checked}; result consistent (smoothed counts: numbers not recomputed)` };
  const table = readTable(cert.table);
  if (typeof table === 'string') return fail('table', table);
  const tree = identification.estimandTree as Tree;
  const free = freeVariables(tree, new Set([treatment.variable, outcome.variable]));
  if (free.length > 0) return { valid: true, checked: `${identified.checked}; result consistent (free variables ${free.join(', ')}: numbers not recomputed)` };

  const evaluate = (x: string) => evaluateTree(tree, table, new Map([[treatment.variable, x], [outcome.variable, outcome.state]]));
  const checks: [string, number, unknown][] = [
    ['pDo', evaluate(treatment.state), result.pDo],
    ['pBaseline', marginal(table, outcome.variable, outcome.state), result.pBaseline],
    ...(control ? ([['pControl', evaluate(control.state), result.pControl]] as [string, number, unknown][]) : []),
  ];
  for (const [name, recomputed, stated] of checks) {
    if (typeof stated !== 'number' || !(Math.abs(recomputed - stated) <= TOLERANCE)) {
      return fail('estimate', `${name} recomputed from the count table is ${recomputed}, the certificate says ${String(stated)}`);
    }
  }
  return { valid: true, checked: `${identified.checked}; pDo, pBaseline${control ? ', pControl' : ''} recomputed from the count table` };
}

function readTable(value: unknown): Table | string {
  if (!isRecord(value) || !Array.isArray(value.variables) || !Array.isArray(value.counts)) return 'table needs variables and counts';
  const names = value.variables.map((v) => String((v as Json).id));
  const states = value.variables.map((v) => ((v as Json).states as unknown[]).map(String));
  const size = states.reduce((n, s) => n * s.length, 1);
  const counts = value.counts.map(Number);
  if (counts.length !== size || counts.some((c) => !(c >= 0))) return `counts must be ${size} non-negative numbers`;
  return { names, states, counts, rows: counts.reduce((a, b) => a + b, 0) };
}

/** P(assignment) from the table: cells are row-major, the last variable varying fastest. */
function probability(table: Table, assignment: Map<string, string>): number {
  let total = 0;
  const index = new Array<number>(table.names.length).fill(0);
  for (let cell = 0; cell < table.counts.length; cell++) {
    let rest = cell;
    for (let v = table.names.length - 1; v >= 0; v--) {
      index[v] = rest % table.states[v]!.length;
      rest = Math.floor(rest / table.states[v]!.length);
    }
    if (table.names.every((name, v) => !assignment.has(name) || assignment.get(name) === table.states[v]![index[v]!])) total += table.counts[cell]!;
  }
  return total / table.rows;
}

function marginal(table: Table, variable: string, state: string): number {
  return probability(table, new Map([[variable, state]]));
}

function evaluateTree(tree: Tree, table: Table, bound: Map<string, string>): number {
  switch (tree.kind) {
    case 'prob': {
      const pick = (names: string[]) => new Map(names.map((n) => [n, bound.get(n)!]));
      const joint = probability(table, pick([...tree.head, ...tree.given]));
      if (tree.given.length === 0) return joint;
      const given = probability(table, pick(tree.given));
      if (given === 0) throw new Error(`P(${tree.given.join(',')}) is zero in the table`);
      return joint / given;
    }
    case 'product':
      return tree.factors.reduce((p, f) => p * evaluateTree(f, table, bound), 1);
    case 'quotient':
      return evaluateTree(tree.numerator, table, bound) / evaluateTree(tree.denominator, table, bound);
    case 'sum': {
      let total = 0;
      const assignments = (i: number, current: Map<string, string>): void => {
        if (i === tree.over.length) {
          total += evaluateTree(tree.body, table, current);
          return;
        }
        const v = table.names.indexOf(tree.over[i]!);
        for (const state of table.states[v] ?? []) assignments(i + 1, new Map(current).set(tree.over[i]!, state));
      };
      assignments(0, bound);
      return total;
    }
  }
}

function freeVariables(tree: Tree, bound: Set<string>): string[] {
  switch (tree.kind) {
    case 'prob':
      return [...tree.head, ...tree.given].filter((n) => !bound.has(n));
    case 'product':
      return [...new Set(tree.factors.flatMap((f) => freeVariables(f, bound)))];
    case 'quotient':
      return [...new Set([...freeVariables(tree.numerator, bound), ...freeVariables(tree.denominator, bound)])];
    case 'sum':
      return freeVariables(tree.body, new Set([...bound, ...tree.over]));
  }
}
