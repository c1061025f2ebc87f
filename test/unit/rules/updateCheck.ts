/**
 * One step of the incremental-maintenance property tests: a random change
 * applied to the given facts and, through Evaluation.update, to the model;
 * the updated model must equal a from-scratch evaluation, the reported
 * changes must be exactly the difference in derived facts, and every
 * derivation the updated evaluation gives must pass the independent checker.
 */
import { evaluate, evalOutput, type Constant, type Evaluation, type Fact, type Program } from '../../../src/rules';
import { checkDerivations } from '../../../src/verify/rules/checkDerivations';
import type { readStatements } from '../../../src/verify/rules/datalogText';

export const keyOf = (f: Fact): string => JSON.stringify([f.predicate, ...f.args]);

export const toInput = (facts: Iterable<Fact>): Map<string, Constant[][]> => {
  const input = new Map<string, Constant[][]>();
  for (const f of facts) input.set(f.predicate, [...(input.get(f.predicate) ?? []), f.args]);
  return input;
};

export const derivedOf = (evaluation: Evaluation): Set<string> => new Set(evaluation.allDerivations().map((d) => keyOf(d.fact)));

export interface UpdateStep {
  program: Program;
  /** The program's text: named in every failed expectation. */
  text: string;
  statements: ReturnType<typeof readStatements>;
  /** The given facts by key; changed in place. */
  given: Map<string, Fact>;
  current: Evaluation;
  change: { insert: Fact[]; delete: number[] };
  /** The whole model, as sorted fact keys. */
  modelOf: (evaluation: Evaluation) => string[];
}

export function updateAndCheck({ program, text, statements, given, current, change, modelOf }: UpdateStep) {
  const before = derivedOf(current);
  const present = [...given.values()];
  const deleted = change.delete.flatMap((n) => (present.length > 0 ? [present[n % present.length]] : []));
  for (const f of deleted) given.delete(keyOf(f));
  const inserted = change.insert.filter((f) => !given.has(keyOf(f)));
  for (const f of inserted) given.set(keyOf(f), f);
  const updated = current.update({ insert: toInput(inserted), delete: toInput(deleted) });
  const evaluation = updated.evaluation;
  const scratch = evaluate(program, toInput(given.values()));
  expect({ text, model: modelOf(evaluation) }).toEqual({ text, model: modelOf(scratch) });
  const after = derivedOf(evaluation);
  expect(after).toEqual(derivedOf(scratch));
  const { added, removed, rewritten } = updated.changed;
  expect({ text, added: new Set(added.map(keyOf)) }).toEqual({ text, added: new Set([...after].filter((k) => !before.has(k))) });
  expect({ text, removed: new Set(removed.map(keyOf)) }).toEqual({ text, removed: new Set([...before].filter((k) => !after.has(k))) });
  for (const f of rewritten) expect(before.has(keyOf(f)) && after.has(keyOf(f))).toBe(true);
  const output = evalOutput(evaluation, { program: { path: 'p.dl', sha256: '' }, factsFiles: [] });
  const verdict = checkDerivations({ statements, givenFacts: [...given.values()], resultFacts: output.facts, derivations: JSON.parse(JSON.stringify(output.proofs!.derivations)) });
  expect({ text, verdict }).toEqual({ text, verdict: expect.objectContaining({ valid: true }) });
  return { evaluation, after, changed: updated.changed, output };
}
