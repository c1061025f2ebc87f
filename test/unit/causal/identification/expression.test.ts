import { cancelQuotients, marginalize, prob, product, quotient, type Expr } from '../../../../src/causal/identification/expression';
import { renderExpression, valueNames } from '../../../../src/causal/identification/renderExpression';

// Variables 0..4 are A, B, C, X, Y.
const names = ['A', 'B', 'C', 'X', 'Y'];
const [A, B, C, X, Y] = [0, 1, 2, 3, 4];
const show = (e: Expr) => renderExpression(e, valueNames(names));

describe('estimand expressions', () => {
  it('Σ_S P(H | G) drops S from the head when S ∩ G = ∅, and keeps the sum otherwise', () => {
    expect(show(marginalize(prob([A, B], [C]), [A]))).toBe('P(b|c)');
    expect(show(marginalize(prob([A], [C]), [A]))).toBe('1');
    expect(show(marginalize(prob([A], [C]), [C]))).toBe('Σ_{c} P(a|c)');
  });

  it('a chain-rule product loses its topological suffix under summation', () => {
    const chain = product([prob([A]), prob([B], [A]), prob([C], [A, B])]);
    expect(show(marginalize(chain, [C]))).toBe('P(a) P(b|a)');
    expect(show(marginalize(chain, [B, C]))).toBe('P(a)');
    // B is needed by C's factor, so summing B alone keeps both.
    expect(show(marginalize(chain, [B]))).toBe('P(a) Σ_{b} P(b|a) P(c|a,b)');
  });

  it('factors free of the summed variables move out of the sum, and inner sums are lifted', () => {
    const inner: Expr = { kind: 'sum', over: [B], body: product([prob([B]), prob([C], [B])]) };
    expect(show(marginalize(product([prob([X]), prob([A], [X]), inner]), [A]))).toBe('P(x) Σ_{b} P(b) P(c|b)');
  });

  it('a bound variable that is also free outside gets a prime', () => {
    const frontdoor: Expr = {
      kind: 'sum',
      over: [B],
      body: product([prob([B], [X]), { kind: 'sum', over: [X], body: product([prob([Y], [X, B]), prob([X])]) }]),
    };
    expect(show(frontdoor)).toBe("Σ_{b} P(b|x) Σ_{x'} P(y|x',b) P(x')");
  });

  it('quotients cancel shared factors, also across a product', () => {
    expect(show(quotient(product([prob([A]), prob([B], [A])]), prob([A])))).toBe('P(b|a)');
    const e = product([quotient(prob([A]), prob([B])), quotient(prob([C]), prob([A]))]);
    expect(show(e)).toBe('(P(a) / P(b)) (P(c) / P(a))');
    expect(show(cancelQuotients(e))).toBe('P(c) / P(b)');
  });

  it('writes names as declared when lower-casing would merge two of them', () => {
    expect(valueNames(['Rain', 'rain', 'Wet'])).toEqual(['Rain', 'rain', 'Wet']);
    expect(valueNames(['Rain', 'Wet'])).toEqual(['rain', 'wet']);
  });
});
