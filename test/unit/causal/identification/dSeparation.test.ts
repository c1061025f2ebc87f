import fc from 'fast-check';
import { buildCausalGraph, dSeparation } from '../../../../src/causal/identification';
import { arbitraryAdmg } from './arbitraries';
import { bruteForceDSeparated, isOpenPath } from './bruteForce';
import { CLASSIC, graph } from './graphs';

describe('d-separation', () => {
  it('M-bias: X ⟂ Y marginally through the collider M, open once M is given, closed again with A', () => {
    const g = graph('A->M B->M A->X B->Y');
    expect(dSeparation(g, ['X'], ['Y'])).toEqual({ separated: true });
    const open = dSeparation(g, ['X'], ['Y'], ['M']);
    expect(open).toEqual({ separated: false, openPath: ['X', 'A', 'M', 'B', 'Y'], edges: ['<-', '->', '<-', '->'] });
    expect(dSeparation(g, ['X'], ['Y'], ['M', 'A']).separated).toBe(true);
  });

  it('a bidirected edge acts as a latent common parent', () => {
    const g = graph(CLASSIC.frontdoor);
    expect(dSeparation(g, ['X'], ['Y'], ['M'])).toEqual({ separated: false, openPath: ['X', 'Y'], edges: ['<->'] });
    const chain = graph('A<->B B<->C');
    expect(dSeparation(chain, ['A'], ['C']).separated).toBe(true); // B is a collider of the two latents
    expect(dSeparation(chain, ['A'], ['C'], ['B'])).toEqual({ separated: false, openPath: ['A', 'B', 'C'], edges: ['<->', '<->'] });
  });

  it('a collider opens through a conditioned descendant', () => {
    const g = graph('X->C Y->C C->D');
    expect(dSeparation(g, ['X'], ['Y']).separated).toBe(true);
    expect(dSeparation(g, ['X'], ['Y'], ['D'])).toMatchObject({ separated: false, openPath: ['X', 'C', 'Y'] });
  });

  it('rejects unknown variables and overlapping sets with typed errors', () => {
    const g = graph(CLASSIC.backdoor);
    expect(() => dSeparation(g, ['X'], ['Q'])).toThrow(expect.objectContaining({ code: 'INVALID_QUERY', field: 'y' }));
    expect(() => dSeparation(g, ['X'], ['Y'], ['X'])).toThrow(expect.objectContaining({ code: 'INVALID_QUERY' }));
    expect(() => dSeparation(g, [], ['Y'])).toThrow(expect.objectContaining({ code: 'INVALID_QUERY', field: 'x' }));
  });

  it('agrees with enumeration of all simple paths, and its witness is a simple open path (random ADMGs)', () => {
    const query = arbitraryAdmg(9, { confounding: 0.2 }).chain((s) =>
      fc.tuple(fc.constant(s), fc.shuffledSubarray(s.nodes, { minLength: 2, maxLength: s.nodes.length }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    );
    fc.assert(
      fc.property(query, ([s, picked, nx, ny]) => {
        const x = picked.slice(0, Math.min(nx, picked.length - 1));
        const y = picked.slice(x.length, x.length + ny);
        const z = picked.slice(x.length + y.length);
        const answer = dSeparation(buildCausalGraph(s), x, y, z);
        expect(answer.separated).toBe(bruteForceDSeparated(s, x, y, z));
        if (!answer.separated) {
          expect(x).toContain(answer.openPath[0]);
          expect(y).toContain(answer.openPath[answer.openPath.length - 1]);
          expect(isOpenPath(s, answer.openPath, answer.edges, z)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is symmetric and stays linear on a long chain (20k nodes: a quadratic search would take seconds)', () => {
    const n = 20000;
    const names = Array.from({ length: n }, (_, i) => `V${i}`);
    const g = buildCausalGraph({ nodes: names, edges: names.slice(1).map((v, i) => ({ from: names[i], to: v })), confounded: [] });
    const started = performance.now();
    const forward = dSeparation(g, ['V0'], [`V${n - 1}`]);
    const backward = dSeparation(g, [`V${n - 1}`], ['V0']);
    expect(performance.now() - started).toBeLessThan(1000); // ~30 ms measured
    expect(forward.separated).toBe(false);
    expect(backward.separated).toBe(false);
    if (!forward.separated) expect(forward.openPath).toHaveLength(n);
    expect(dSeparation(g, ['V0'], [`V${n - 1}`], ['V5000']).separated).toBe(true);
  });
});
