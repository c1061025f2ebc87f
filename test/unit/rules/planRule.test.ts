/** The plan stage: join order and the index each atom is read through. */
import { planRule } from '../../../src/rules/plan/planRule';
import { parse } from '../../../src/rules/syntax/parser';
import type { PlanStep } from '../../../src/rules/plan/RulePlan';

function rule(text: string) {
  const { ast, diagnostics } = parse(text);
  expect(diagnostics).toEqual([]);
  return ast.rules[0];
}

const values: Array<string | number> = [];
const intern = (v: string | number): number => (values.includes(v) ? values.indexOf(v) : values.push(v) - 1);
const summary = (steps: PlanStep[]) => steps.map((s) => (s.kind === 'atom' ? `${s.predicate}[${s.keyColumns.join(',')}]` : s.kind));

test('the delta atom is scanned first, the other atom looked up on its known column', () => {
  const plan = planRule(rule('path(X, Z) :- path(X, Y), edge(Y, Z).'), { deltaAtom: 0, headBound: false, intern });
  expect(summary(plan.steps)).toEqual(['path/2[]', 'edge/2[0]']);
  const other = planRule(rule('path(X, Z) :- edge(X, Y), path(Y, Z).'), { deltaAtom: 1, headBound: false, intern });
  expect(summary(other.steps)).toEqual(['path/2[]', 'edge/2[1]']);
});

test('atoms with more known arguments come first; ties go to the smaller relation', () => {
  const plan = planRule(rule('p(X) :- big(X, Y), small(Y), pinned("a", X).'), { deltaAtom: -1, headBound: false, intern, sizeOf: (p) => (p === 'small/1' ? 10 : 1000) });
  expect(summary(plan.steps)).toEqual(['pinned/2[0]', 'big/2[0]', 'small/1[0]']);
  const tie = planRule(rule('p(X) :- big(X), small(X).'), { deltaAtom: -1, headBound: false, intern, sizeOf: (p) => (p === 'small/1' ? 10 : 1000) });
  expect(summary(tie.steps)).toEqual(['small/1[]', 'big/1[0]']);
});

test('filters are placed as soon as their variables are bound', () => {
  const plan = planRule(rule('p(X, Z) :- e(X), X > 1, f(X, Y), Z = Y + 1, !g(Z), Z < 9.'), { deltaAtom: -1, headBound: false, intern });
  expect(summary(plan.steps)).toEqual(['e/1[]', 'compare', 'f/2[0]', 'assign', 'negation', 'compare']);
});

test('a repeated variable within an atom is checked, not used as an index key', () => {
  const plan = planRule(rule('loop(X) :- edge(X, X).'), { deltaAtom: -1, headBound: false, intern });
  expect(plan.steps[0]).toMatchObject({ kind: 'atom', keyColumns: [], args: [{ kind: 'bind' }, { kind: 'check' }] });
});

test('proof search binds the head first, so body atoms become lookups', () => {
  const plan = planRule(rule('path(X, Z) :- path(X, Y), edge(Y, Z).'), { deltaAtom: -1, headBound: true, intern, sizeOf: (p) => (p === 'edge/2' ? 10 : 1000) });
  expect(summary(plan.steps)).toEqual(['edge/2[1]', 'path/2[0,1]']);
});
