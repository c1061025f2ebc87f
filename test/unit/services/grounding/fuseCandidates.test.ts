import { fuseCandidates, type GroundedEntity } from '../../../../src/services/grounding';

const entity = (id: string, name: string, aliases: string[] = []): GroundedEntity => ({ id, name, type: 'Thing', aliases, description: null });

describe('fuseCandidates', () => {
  it('combines cosine and an exact alias match as a noisy-OR', () => {
    const jfk = entity('jfk', 'John F. Kennedy', ['JFK']);
    const [c] = fuseCandidates('jfk', [{ entity: jfk, cosine: 0.5 }], [{ entity: jfk, lucene: 3.2, cosine: 0.5 }], 0.6);
    expect(c!.score).toBeCloseTo(1 - 0.5 * 0.4, 10);
    expect(c!.lexical).toBe(1);
    expect(c!.reasons).toEqual(['vector index: cosine 0.500', 'exact alias "JFK"', 'fulltext: score 3.20']);
  });

  it('lets either evidence alone carry a candidate, and ranks both above either', () => {
    const both = entity('both', 'Aspirin');
    const vectorOnly = entity('vec', 'Acetylsalicylic acid');
    const nameOnly = entity('name', 'Aspirin');
    const ranked = fuseCandidates(
      'aspirin',
      [
        { entity: both, cosine: 0.7 },
        { entity: vectorOnly, cosine: 0.7 },
      ],
      [{ entity: nameOnly, lucene: 2, cosine: null }],
      0.6,
    );
    expect(ranked.map((c) => c.entity.id)).toEqual(['both', 'vec', 'name']);
    expect(ranked[2]!.score).toBeCloseTo(0.6, 10);
    expect(ranked[2]!.reasons[0]).toBe('no current embedding: lexical evidence only');
  });

  it('treats negative cosines as no semantic evidence', () => {
    const [c] = fuseCandidates('x', [{ entity: entity('a', 'Alpha'), cosine: -0.2 }], [], 0.6);
    expect(c!.score).toBe(0);
    expect(c!.cosine).toBe(-0.2);
  });
});
