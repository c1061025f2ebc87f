import fc from 'fast-check';
import { buildCausalGraph, identificationOutput, identifyEffect, type CausalStructure } from '../../../../src/causal/identification';
import { verifyIdentificationCertificate } from '../../../../src/verify/identification';
import { arbitraryAdmg } from './arbitraries';
import { CLASSIC, structure } from './graphs';

/** Identify, then have the independent checker re-verify the printed document. */
function identifyAndVerify(s: CausalStructure, x: string[], y: string[]) {
  const answer = identifyEffect(buildCausalGraph(s), x, y);
  const document = identificationOutput(s, { treatment: x, outcome: y }, answer);
  const verdict = verifyIdentificationCertificate(JSON.parse(JSON.stringify(document)));
  return { answer, document, verdict };
}

describe('identification of P(y | do(x))', () => {
  it('back-door graph: adjustment for Z', () => {
    const { answer, verdict } = identifyAndVerify(structure(CLASSIC.backdoor), ['X'], ['Y']);
    expect(answer).toMatchObject({ method: 'backdoor', adjustmentSet: ['Z'], estimand: 'Σ_{z} P(y|x,z) P(z)' });
    expect(verdict).toMatchObject({ valid: true });
  });

  it('front-door graph: Pearl’s formula, checked numerically', () => {
    const { answer, verdict } = identifyAndVerify(structure(CLASSIC.frontdoor), ['X'], ['Y']);
    expect(answer).toMatchObject({ method: 'frontdoor', frontdoorSet: ['M'], estimand: "Σ_{m} P(m|x) Σ_{x'} P(y|x',m) P(x')" });
    expect(verdict).toEqual({ valid: true, checked: expect.stringContaining('random parameterisations') });
  });

  it('front-door may need a member off the causal paths to block a back-door path from the mediator', () => {
    // {M} fails (iii): M ← A → B → Y is open given X. With A in the set, A's out-edges are cut.
    const { answer, verdict } = identifyAndVerify(structure('X->M M->Y A->M A->B B->Y X<->Y'), ['X'], ['Y']);
    expect(answer).toMatchObject({ method: 'frontdoor', frontdoorSet: ['A', 'M'] });
    expect(verdict).toEqual({ valid: true, checked: expect.stringContaining('random parameterisations') });
  });

  it('bow graph: not identifiable, with the hedge F = {X, Y}, F′ = {Y}', () => {
    const { answer, document, verdict } = identifyAndVerify(structure(CLASSIC.bow), ['X'], ['Y']);
    expect(answer.identifiable).toBe(false);
    expect(document).toMatchObject({
      identifiable: false,
      method: null,
      estimand: null,
      hedge: { roots: ['Y'], F: { nodes: ['X', 'Y'], edges: [['X', 'Y']], confounded: [['X', 'Y']] }, Fprime: { nodes: ['Y'], edges: [] } },
    });
    expect(verdict.valid).toBe(true);
  });

  it('napkin: identified by ID (no back-door or front-door set exists), as the ratio of Pearl & Mackenzie (2018)', () => {
    const { answer, verdict } = identifyAndVerify(structure(CLASSIC.napkin), ['X'], ['Y']);
    expect(answer).toMatchObject({
      method: 'id',
      estimand: '[Σ_{w1} P(w1) P(x|w1,w2) P(y|w1,w2,x)] / [Σ_{w1} P(w1) P(x|w1,w2)]',
    });
    expect(verdict).toEqual({ valid: true, checked: expect.stringContaining('random parameterisations') });
  });

  it('M-bias: the empty set adjusts', () => {
    const { answer, verdict } = identifyAndVerify(structure(CLASSIC.mBias), ['X'], ['Y']);
    expect(answer).toMatchObject({ method: 'backdoor', adjustmentSet: [], estimand: 'P(y|x)' });
    expect(verdict.valid).toBe(true);
  });

  it('Verma graph (Verma & Pearl 1990): every effect on V4 is identified and checks out', () => {
    const s = structure(CLASSIC.verma);
    for (const x of ['V1', 'V2', 'V3']) {
      const { answer, verdict } = identifyAndVerify(s, [x], ['V4']);
      expect(answer.identifiable).toBe(true);
      expect(verdict).toMatchObject({ valid: true });
    }
    expect(identifyEffect(buildCausalGraph(s), ['V3'], ['V4'])).toMatchObject({ method: 'backdoor', adjustmentSet: ['V2'] });
  });

  // Pearl (2009) Fig. 3.8 and Shpitser & Pearl (2006): graphs whose effect is not identifiable.
  it.each([
    ['Fig. 3.8(b): X → Z → Y with X ↔ Z', 'X->Z Z->Y X<->Z'],
    ['X → Z → Y with X ↔ Z and Z ↔ Y', 'X->Z Z->Y X<->Z Z<->Y'],
    ['instrument Z → X → Y with X ↔ Y (no point identification)', 'Z->X X->Y X<->Y'],
    ['X → Y, Z → Y with X ↔ Z ↔ Y', 'X->Y Z->Y X<->Z Z<->Y'],
  ])('not identifiable: %s', (_, spec) => {
    const { answer, verdict } = identifyAndVerify(structure(spec), ['X'], ['Y']);
    expect(answer.identifiable).toBe(false);
    expect(verdict).toEqual({ valid: true, checked: expect.stringContaining('hedge') });
  });

  // Shpitser & Pearl (2006, 2008) and Tian & Pearl (2002): identifiable beyond back-door.
  it.each([
    ['line 4: X → M → Y, Z → X, Z → Y, Z ↔ X, M ↔ Y', 'X->M Z->X Z->Y M->Y Z<->X M<->Y', ['X'], ['Y']],
    ['line 7: W1 → X → Y1, W1 ↔ Y1', 'W1->X X->Y1 W1<->Y1', ['X'], ['Y1']],
    ['Pearl (2009) p. 92, Fig. 3.7-style graph with four latent pairs', 'Z2->X Z2->Z1 Z2->Z3 X->Z1 Z3->Y Z1->Y Z2<->X Z2<->Y X<->Z3 X<->Y', ['X'], ['Y']],
    ['Pearl (2009) p. 92, second graph', 'X->Z1 X->Y Z1->Z2 Z1->Y Z2->Y X<->Z2 Z1<->Y', ['X'], ['Y']],
    ['Pearl (2009) p. 119: joint treatment {X1, X2}', 'X1->Z X1->Y X1->X2 Z->X2 X2->Y X1<->Z Z<->Y', ['X1', 'X2'], ['Y']],
    ['Tian (2002) p. 90: a napkin with a longer confounding web', 'W1->W2 W3->W4 W2->X W4->X X->Y W1<->X W1<->Y W1<->W3 W3<->W2 W3<->W5 W5<->W4', ['X'], ['Y']],
    ['Tian (2002) p. 70: Verma graph with three latent pairs', 'V1->V2 V2->V3 V3->V4 V4->V5 V1<->V3 V2<->V4 V3<->V5', ['V1'], ['V5']],
    ['front-door with an extra confounded mediator chain', 'X->M1 M1->M2 M2->Y X<->Y', ['X'], ['Y']],
    ['no causal path but confounded: P(y)', 'Y->X X<->Y', ['X'], ['Y']],
  ])('identifiable: %s', (_, spec, x, y) => {
    const { answer, verdict } = identifyAndVerify(structure(spec as string), x as string[], y as string[]);
    expect(answer.identifiable).toBe(true);
    expect(verdict).toEqual({ valid: true, checked: expect.stringContaining('random parameterisations') });
  });

  it('not identifiable: the two-outcome graph of causaleffect’s example 6 (W ↔ Y1, W ↔ Z, W ↔ Y2, X ↔ Z), a hedge for P(y1, y2 | do(x))', () => {
    const s = structure('W->X X->Y1 Z->Y2 W->Z W<->Y1 W<->Z W<->Y2 X<->Z');
    const { answer, verdict } = identifyAndVerify(s, ['X'], ['Y1', 'Y2']);
    expect(answer.identifiable).toBe(false);
    expect(verdict).toMatchObject({ valid: true });
  });

  it('either identifies correctly or exhibits a valid hedge on random ADMGs (checked by the independent verifier)', () => {
    const query = arbitraryAdmg(7, { minNodes: 2, confounding: 0.25 }).chain((s) =>
      fc.tuple(fc.constant(s), fc.shuffledSubarray(s.nodes, { minLength: 2, maxLength: 2 })),
    );
    fc.assert(
      fc.property(query, ([s, [x, y]]) => {
        const { verdict } = identifyAndVerify(s, [x], [y]);
        expect(verdict).toMatchObject({ valid: true });
      }),
      { numRuns: 300 },
    );
  });

  it('handles sets of treatments and outcomes on random ADMGs (checked by the independent verifier)', () => {
    const query = arbitraryAdmg(7, { minNodes: 3, confounding: 0.2 }).chain((s) =>
      fc.tuple(fc.constant(s), fc.shuffledSubarray(s.nodes, { minLength: 3, maxLength: Math.min(4, s.nodes.length) }), fc.boolean()),
    );
    fc.assert(
      fc.property(query, ([s, picked, twoTreatments]) => {
        const x = twoTreatments ? picked.slice(0, 2) : picked.slice(0, 1);
        const y = picked.slice(x.length);
        const { verdict } = identifyAndVerify(s, x, y);
        expect(verdict).toMatchObject({ valid: true });
      }),
      { numRuns: 150 },
    );
  });

  it('rejects queries on unknown variables and a treatment equal to the outcome', () => {
    const g = buildCausalGraph(structure(CLASSIC.backdoor));
    expect(() => identifyEffect(g, ['Q'], ['Y'])).toThrow(expect.objectContaining({ code: 'INVALID_QUERY', field: 'treatment' }));
    expect(() => identifyEffect(g, ['X'], ['X'])).toThrow(expect.objectContaining({ code: 'INVALID_QUERY' }));
  });
});
