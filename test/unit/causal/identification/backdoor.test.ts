import fc from 'fast-check';
import { buildCausalGraph, identifyEffect } from '../../../../src/causal/identification';
import { findMinimalBackdoorSet } from '../../../../src/causal/identification/backdoor';
import { arbitraryAdmg } from './arbitraries';
import { descendantsOf, satisfiesBackdoor, subsetsOf } from './bruteForce';
import { CLASSIC, graph } from './graphs';

const backdoorSet = (spec: string, x = 'X', y = 'Y') => {
  const g = graph(spec);
  const set = findMinimalBackdoorSet(g, new Set([g.indexOf.get(x)!]), new Set([g.indexOf.get(y)!]));
  return set && [...set].map((v) => g.names[v]).sort();
};

describe('minimal back-door sets', () => {
  it('adjusts for the confounder in the back-door graph (Pearl 2009, §3.3.1)', () => {
    expect(backdoorSet(CLASSIC.backdoor)).toEqual(['Z']);
  });

  it('M-bias: the empty set adjusts, and the collider M is never chosen (Greenland, Pearl & Robins 1999)', () => {
    expect(backdoorSet(CLASSIC.mBias)).toEqual([]);
    const s = { nodes: ['A', 'B', 'M', 'X', 'Y'], edges: CLASSIC.mBias.split(' ').map((e) => ({ from: e.split('->')[0], to: e.split('->')[1] })), confounded: [] };
    expect(satisfiesBackdoor(s, 'X', 'Y', ['M'])).toBe(false); // adjusting for M opens X ← A → M ← B → Y
    expect(satisfiesBackdoor(s, 'X', 'Y', ['M', 'A'])).toBe(true);
  });

  it('M-bias with a direct confounding path through M as well: picks a small blocking set, never M alone', () => {
    const set = backdoorSet(`${CLASSIC.mBias} M->X`);
    expect(set).not.toBeNull();
    expect(set!.length).toBe(2);
    expect(set).toContain('M'); // M now confounds; with it, A or B must be added to re-block the M-collider path
  });

  it('has no answer when a latent confounder joins X and Y', () => {
    expect(backdoorSet(CLASSIC.bow)).toBeNull();
    expect(backdoorSet(CLASSIC.frontdoor)).toBeNull();
  });

  it('never adjusts for a descendant of X (the mediator of the front-door graph)', () => {
    expect(backdoorSet('X->M M->Y W->X W->Y')).toEqual(['W']);
  });

  it('is valid, minimal and complete by brute force over every subset (random ADMGs)', () => {
    const query = arbitraryAdmg(8, { minNodes: 3, confounding: 0.15 }).chain((s) =>
      fc.tuple(fc.constant(s), fc.shuffledSubarray(s.nodes, { minLength: 2, maxLength: 2 })),
    );
    fc.assert(
      fc.property(query, ([s, [x, y]]) => {
        const g = buildCausalGraph(s);
        const found = findMinimalBackdoorSet(g, new Set([g.indexOf.get(x)!]), new Set([g.indexOf.get(y)!]));
        const de = descendantsOf(s, x);
        const candidates = s.nodes.filter((v) => !de.has(v) && v !== y);
        if (found === null) {
          expect(subsetsOf(candidates).some((z) => satisfiesBackdoor(s, x, y, z))).toBe(false);
          return;
        }
        const z = [...found].map((v) => g.names[v]);
        expect(satisfiesBackdoor(s, x, y, z)).toBe(true);
        for (const proper of subsetsOf(z).filter((sub) => sub.length < z.length)) {
          expect(satisfiesBackdoor(s, x, y, proper)).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('is what identify reports as the adjustment set', () => {
    const answer = identifyEffect(graph(CLASSIC.backdoor), ['X'], ['Y']);
    expect(answer).toMatchObject({ identifiable: true, method: 'backdoor', adjustmentSet: ['Z'], estimand: 'Σ_{z} P(y|x,z) P(z)' });
  });
});
