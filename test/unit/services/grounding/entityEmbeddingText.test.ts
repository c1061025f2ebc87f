import { entityEmbeddingText } from '../../../../src/services/grounding';

describe('entityEmbeddingText', () => {
  it('puts the name first, then aliases, then the description', () => {
    expect(entityEmbeddingText({ name: 'John F. Kennedy', aliases: ['JFK', '', 'John F. Kennedy'], description: ' 35th president. ' })).toBe(
      'John F. Kennedy (JFK). 35th president.',
    );
    expect(entityEmbeddingText({ name: 'Tea', aliases: [], description: null })).toBe('Tea');
  });
});
