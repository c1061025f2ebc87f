import { planMaintenance, parseGoal, matchGoal, type PremiseRef, type StoredDerived } from '../../../../src/services/rules';

const rel = (id: string, a: string, b: string): PremiseRef => ({ kind: 'relation', id, fact: { predicate: 'e', args: [a, b] } });
const der = (id: string, a: string, b: string): PremiseRef => ({ kind: 'derived', id, fact: { predicate: 'p', args: [a, b] } });
const fact = (a: string, b: string) => ({ predicate: 'p', args: [a, b] });

describe('planMaintenance (DRed over stored records)', () => {
  // p(a,b) <- e1; p(b,c) <- e2; p(a,c) <- p(a,b), e2
  const stored = new Map<string, StoredDerived>([
    ['ab', { relType: 'P', premises: [rel('e1', 'a', 'b')] }],
    ['bc', { relType: 'P', premises: [rel('e2', 'b', 'c')] }],
    ['ac', { relType: 'P', premises: [der('ab', 'a', 'b'), rel('e2', 'b', 'c')] }],
  ]);
  const base = (...refs: PremiseRef[]) => new Map(refs.map((r) => [JSON.stringify([r.fact.predicate, ...r.fact.args]), r]));

  it('writes only new facts on insertion and leaves the others alone', () => {
    const holding = new Map([['ab', fact('a', 'b')], ['bc', fact('b', 'c')], ['ac', fact('a', 'c')], ['cd', fact('c', 'd')]]);
    const plan = planMaintenance(stored, holding, base(rel('e1', 'a', 'b'), rel('e2', 'b', 'c'), rel('e3', 'c', 'd')), new Set());
    expect(plan).toEqual({ toDelete: [], toWrite: ['cd'], rederived: 0 });
  });

  it('over-deletes the facts resting on a deleted premise, transitively, and re-derives those that still hold', () => {
    // e1 deleted, but a new edge e4 a->b keeps p(a,b) true.
    const holding = new Map([['ab', fact('a', 'b')], ['bc', fact('b', 'c')], ['ac', fact('a', 'c')]]);
    const plan = planMaintenance(stored, holding, base(rel('e4', 'a', 'b'), rel('e2', 'b', 'c')), new Set());
    expect(new Set(plan.toDelete)).toEqual(new Set(['ab', 'ac']));
    expect(new Set(plan.toWrite)).toEqual(new Set(['ab', 'ac']));
    expect(plan.rederived).toBe(2);
  });

  it('deletes what no longer holds', () => {
    const holding = new Map([['bc', fact('b', 'c')]]);
    const plan = planMaintenance(stored, holding, base(rel('e2', 'b', 'c')), new Set());
    expect(new Set(plan.toDelete)).toEqual(new Set(['ab', 'ac']));
    expect(plan.toWrite).toEqual([]);
  });
});

describe('goals', () => {
  it('reads constants, variables and anonymous variables', () => {
    const goal = parseGoal('indirectly_causes("smoking", X, 0.5, _)');
    expect(goal).toEqual({ predicate: 'indirectly_causes', args: [{ kind: 'const', value: 'smoking' }, { kind: 'var', name: 'X' }, { kind: 'const', value: 0.5 }, { kind: 'var', name: '_' }] });
    expect(matchGoal(goal, ['smoking', 'cancer', 0.5, 1])).toEqual({ X: 'cancer' });
    expect(matchGoal(goal, ['coffee', 'cancer', 0.5, 1])).toBeUndefined();
  });

  it('binds a repeated variable once', () => {
    const goal = parseGoal('p(X, X).');
    expect(matchGoal(goal, ['a', 'a'])).toEqual({ X: 'a' });
    expect(matchGoal(goal, ['a', 'b'])).toBeUndefined();
  });

  it.each(['p', 'P(X)', 'p(X', 'p(X) q', 'p(X,,Y)', 'p(x)'])('refuses %s as BAD_USER_INPUT', (text) => {
    expect(() => parseGoal(text)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});
