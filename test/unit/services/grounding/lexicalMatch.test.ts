import { candidateLuceneQuery, lexicalMatch, normaliseName } from '../../../../src/services/grounding';

describe('lexicalMatch', () => {
  it('matches names exactly regardless of case, accents and punctuation', () => {
    expect(normaliseName('  Amazon.com ')).toBe('amazon com');
    expect(lexicalMatch('AMAZON COM', ['Amazon.com'])).toEqual({ strength: 1, matched: 'Amazon.com', exact: true });
    expect(lexicalMatch('marie curie', ['Marie Curié']).exact).toBe(true);
  });

  it('scores partial matches by word overlap, below an exact match', () => {
    const m = lexicalMatch('John Kennedy', ['John F. Kennedy', 'JFK']);
    expect(m).toEqual({ strength: 2 / 3, matched: 'John F. Kennedy', exact: false });
    expect(lexicalMatch('x', ['x y']).strength).toBeLessThan(1);
    expect(lexicalMatch('tea', ['coffee']).strength).toBe(0);
  });
});

describe('candidateLuceneQuery', () => {
  it('asks for any word, exactly, as a prefix, or one edit away for longer words', () => {
    expect(candidateLuceneQuery('Hypertenson in AND')).toBe('(hypertenson^3 OR hypertenson* OR hypertenson~1) OR (in^3 OR in*) OR (and^3 OR and*)');
  });

  it('has no query for text without words', () => {
    expect(candidateLuceneQuery(' -- ? ')).toBeNull();
  });
});
