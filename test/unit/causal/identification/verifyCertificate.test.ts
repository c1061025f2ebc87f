import { buildCausalGraph, identificationOutput, identifyEffect } from '../../../../src/causal/identification';
import { verifyIdentificationCertificate } from '../../../../src/verify/identification';
import { CLASSIC, structure } from './graphs';

/** A fresh, genuine `causal identify` document as plain JSON, ready to tamper with. */
function documentFor(spec: string, x = 'X', y = 'Y') {
  const s = structure(spec);
  const answer = identifyEffect(buildCausalGraph(s), [x], [y]);
  return JSON.parse(JSON.stringify(identificationOutput(s, { treatment: [x], outcome: [y] }, answer)));
}

const rejected = (doc: unknown, step: string) => expect(verifyIdentificationCertificate(doc)).toMatchObject({ valid: false, step });

describe('verifyIdentificationCertificate', () => {
  it('accepts genuine certificates of every method', () => {
    for (const spec of [CLASSIC.backdoor, CLASSIC.frontdoor, CLASSIC.napkin, CLASSIC.bow, CLASSIC.mBias]) {
      expect(verifyIdentificationCertificate(documentFor(spec))).toMatchObject({ valid: true });
    }
  });

  it('rejects a back-door set that misses a confounder', () => {
    const doc = documentFor('Z->X Z->Y X->Y W->X W->Y');
    expect(doc.adjustmentSet).toEqual(['Z', 'W']);
    doc.adjustmentSet = doc.certificate.adjustmentSet = ['Z'];
    rejected(doc, 'backdoor');
  });

  it('rejects a back-door set that is valid but not minimal', () => {
    const doc = documentFor('Z->X Z->Y X->Y A->Z');
    doc.adjustmentSet = doc.certificate.adjustmentSet = ['A', 'Z'];
    expect(verifyIdentificationCertificate(doc)).toMatchObject({ valid: false, step: 'backdoor', reason: expect.stringContaining('not minimal') });
  });

  it('rejects adjusting for the M-bias collider', () => {
    const doc = documentFor(CLASSIC.mBias);
    doc.adjustmentSet = doc.certificate.adjustmentSet = ['M'];
    rejected(doc, 'backdoor');
  });

  it('rejects an estimand string that is not the checked tree', () => {
    const doc = documentFor(CLASSIC.backdoor);
    doc.estimand = doc.certificate.estimand = 'P(y|x)';
    rejected(doc, 'estimand');
  });

  it('rejects a wrong ID estimand tree even when the printed string matches it', () => {
    const doc = documentFor(CLASSIC.napkin);
    // Drop the denominator: the numerator alone is not P(y | do(x)).
    const tree = doc.certificate.estimandTree;
    expect(tree.kind).toBe('quotient');
    doc.certificate.estimandTree = tree.numerator;
    doc.estimand = doc.certificate.estimand = 'Σ_{w1} P(w1) P(x|w1,w2) P(y|w1,w2,x)';
    expect(verifyIdentificationCertificate(doc)).toMatchObject({ valid: false, step: 'estimand', reason: expect.stringContaining('P(y|do(x))') });
  });

  it('rejects a front-door set that does not intercept every causal path', () => {
    const doc = documentFor('X->M X->N M->Y N->Y X<->Y');
    expect(doc.certificate.frontdoorSet.sort()).toEqual(['M', 'N']);
    doc.certificate.frontdoorSet = ['M'];
    rejected(doc, 'frontdoor');
  });

  it('rejects a hedge that is not one (F′ containing the treatment, or not a C-component)', () => {
    const doc = documentFor(CLASSIC.bow);
    doc.hedge.Fprime = doc.certificate.hedge.Fprime = doc.hedge.F;
    rejected(doc, 'hedge');
    const other = documentFor(CLASSIC.bow);
    other.hedge.F.confounded = other.certificate.hedge.F.confounded = [];
    rejected(other, 'hedge');
  });

  it('rejects "not identifiable" claimed for an identifiable effect without a hedge', () => {
    const doc = documentFor(CLASSIC.frontdoor);
    const forged = { ...doc, identifiable: false, method: null, estimand: null, hedge: { roots: ['Y'], F: { nodes: ['X', 'M', 'Y'], edges: [['X', 'M'], ['M', 'Y']], confounded: [['X', 'Y']] }, Fprime: { nodes: ['Y'], edges: [], confounded: [] } } };
    forged.certificate = { ...doc.certificate, identifiable: false, method: null, estimand: null, hedge: forged.hedge };
    rejected(forged, 'hedge'); // {X, M, Y} is not one C-component: M has no bidirected edge
  });

  it('rejects answers that disagree with their certificate and malformed documents', () => {
    const doc = documentFor(CLASSIC.backdoor);
    doc.method = 'id';
    rejected(doc, 'answer');
    rejected({ identifiable: true }, 'shape');
    rejected({ certificate: { kind: 'identification', graph: { nodes: ['A'], edges: [{ from: 'A', to: 'A' }], confounded: [] } } }, 'graph');
  });
});
