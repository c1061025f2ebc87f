import fc from 'fast-check';
import { isCausewayError } from '../../../src/errors';
import { combineEvidence, luceneQuery, validateDocumentInputs, validateEntityInputs, validateRelationInputs } from '../../../src/services/kg';

/** The error a validator throws, or null when it accepts. */
function rejection(run: () => unknown): { code: string; field?: string } | null {
  try {
    run();
    return null;
  } catch (error) {
    if (!isCausewayError(error)) throw error;
    return { code: error.code, field: error.field };
  }
}

const validId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:/#~-]{0,40}$/);
const validType = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,20}$/);
const probability = fc.double({ min: 0, max: 1, noNaN: true });
const notProbability = fc.oneof(
  fc.double({ min: 1, max: 1e9, noNaN: true, minExcluded: true }),
  // fast-check orders -0 below 0, so an excluded 0 still yields -0, which is a valid probability.
  fc.double({ min: -1e9, max: 0, noNaN: true, maxExcluded: true }).filter((x) => x < 0),
  fc.constant(Number.NaN),
  fc.constant(Number.POSITIVE_INFINITY),
);
const validEntity = fc.record({
  id: validId,
  name: fc.string({ minLength: 1, maxLength: 50 }).filter((s) => s.trim().length > 0),
  type: validType,
  baseRate: probability,
  aliases: fc.array(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0), { maxLength: 5 }),
});

describe('entity validation', () => {
  it('accepts every well-formed batch unchanged', () => {
    fc.assert(
      fc.property(fc.uniqueArray(validEntity, { minLength: 1, maxLength: 20, selector: (e) => e.id }), (entities) => {
        expect(validateEntityInputs(entities)).toEqual(entities);
      }),
    );
  });

  it('rejects a base rate outside [0, 1] at any position, naming it', () => {
    fc.assert(
      fc.property(fc.uniqueArray(validEntity, { minLength: 1, maxLength: 10, selector: (e) => e.id }), fc.nat(), notProbability, (entities, at, bad) => {
        const index = at % entities.length;
        const batch = entities.map((e, i) => (i === index ? { ...e, baseRate: bad } : e));
        expect(rejection(() => validateEntityInputs(batch))).toEqual({ code: 'BAD_USER_INPUT', field: `entities[${index}].baseRate` });
      }),
    );
  });

  it('rejects ids with characters outside the id alphabet', () => {
    fc.assert(
      fc.property(validEntity, fc.string({ minLength: 1, maxLength: 10 }).filter((s) => !/^[A-Za-z0-9][A-Za-z0-9_.:/#~-]*$/.test(s)), (entity, id) => {
        expect(rejection(() => validateEntityInputs([{ ...entity, id }]))).toEqual({ code: 'BAD_USER_INPUT', field: 'entities[0].id' });
      }),
    );
  });

  it('rejects a repeated id in one batch', () => {
    fc.assert(
      fc.property(validEntity, (entity) => {
        expect(rejection(() => validateEntityInputs([entity, { ...entity, name: 'again' }]))).toEqual({ code: 'BAD_USER_INPUT', field: 'entities[1].id' });
      }),
    );
  });

  it('accepts CPT rows that are distributions over the states and rejects the rest', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 4 }), (weights) => {
        const rows = weights.map((w) => {
          const total = w.reduce((a, b) => a + b, 0) || 1;
          return w.every((x) => x === 0) ? [1, 0, 0] : w.map((x) => x / total);
        });
        const entity = { id: 'v', name: 'V', type: 'Variable', states: ['a', 'b', 'c'] };
        expect(rejection(() => validateEntityInputs([{ ...entity, cpt: rows }]))).toBeNull();
        const broken = rows.map((row, i) => (i === 0 ? [row[0]! + 0.01, row[1]!, row[2]!] : row));
        expect(rejection(() => validateEntityInputs([{ ...entity, cpt: broken }]))?.field).toMatch(/^entities\[0\]\.cpt\[0\]/);
      }),
    );
  });
});

describe('relation validation', () => {
  const relation = fc.record({ id: validId, type: fc.constantFrom('CAUSES', 'PREVENTS'), from: validId, to: validId, strength: probability }).filter((r) => r.from !== r.to);

  it('accepts well-formed causal relations', () => {
    fc.assert(fc.property(relation, (r) => expect(validateRelationInputs([r])).toEqual([r])));
  });

  it('rejects strengths and confidences outside [0, 1]', () => {
    fc.assert(
      fc.property(relation, notProbability, fc.constantFrom('strength', 'confidence'), (r, bad, key) => {
        expect(rejection(() => validateRelationInputs([{ ...r, [key]: bad }]))).toEqual({ code: 'BAD_USER_INPUT', field: `relations[0].${key}` });
      }),
    );
  });

  it('rejects self-loops exactly for CAUSES, PREVENTS and CONFOUNDED', () => {
    fc.assert(
      fc.property(validId, fc.constantFrom('CAUSES', 'PREVENTS', 'CONFOUNDED', 'RELATED_TO', 'PART_OF'), (id, type) => {
        const outcome = rejection(() => validateRelationInputs([{ id: 'r', type, from: id, to: id, strength: 0.5 }]));
        expect(outcome).toEqual(['CAUSES', 'PREVENTS', 'CONFOUNDED'].includes(type) ? { code: 'BAD_USER_INPUT', field: 'relations[0].to' } : null);
      }),
    );
  });

  it('accepts only UPPER_SNAKE_CASE types, so nothing else reaches Cypher text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (type) => {
        const outcome = rejection(() => validateRelationInputs([{ id: 'r', type, from: 'a', to: 'b', strength: 0.5 }]));
        const isIdentifier = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(type) && !['HAS_SENTENCE', 'HAS_MENTION', 'REFERS_TO', 'SUPPORTS'].includes(type);
        expect(outcome === null).toBe(isIdentifier);
        if (outcome) expect(outcome).toEqual({ code: 'BAD_USER_INPUT', field: 'relations[0].type' });
      }),
    );
  });
});

describe('document validation', () => {
  it('accepts sentences whose offsets match their text and mentions inside them', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 2, maxLength: 30 }).filter((s) => s.trim().length > 0), { minLength: 1, maxLength: 5 }), (texts) => {
        let offset = 0;
        const sentences = texts.map((text) => {
          const start = offset;
          offset += text.length + 1;
          return { text, start, end: start + text.length, mentions: [{ entityId: 'e', start, end: start + 1 }] };
        });
        expect(rejection(() => validateDocumentInputs([{ id: 'd', sentences }]))).toBeNull();
        const shifted = sentences.map((s, i) => (i === 0 ? { ...s, mentions: [{ entityId: 'e', start: s.start, end: s.end + 1 }] } : s));
        expect(rejection(() => validateDocumentInputs([{ id: 'd', sentences: shifted }]))?.field).toBe('documents[0].sentences[0].mentions[0].start');
      }),
    );
  });
});

describe('evidence combination (noisy-OR)', () => {
  it('stays in [0, 1], never falls below the strongest piece, and ignores order', () => {
    fc.assert(
      fc.property(fc.array(probability, { maxLength: 10 }), (confidences) => {
        const combined = combineEvidence(confidences);
        expect(combined).toBeGreaterThanOrEqual(0);
        expect(combined).toBeLessThanOrEqual(1);
        expect(combined).toBeGreaterThanOrEqual(Math.max(0, ...confidences) - 1e-12);
        expect(combineEvidence([...confidences].reverse())).toBeCloseTo(combined, 12);
      }),
    );
  });
});

describe('search text', () => {
  it('turns any text into a query without Lucene operators, or rejects it as BAD_USER_INPUT', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const outcome = rejection(() => luceneQuery(text));
        if (outcome) {
          expect(outcome.code).toBe('BAD_USER_INPUT');
          return;
        }
        const query = luceneQuery(text);
        // Every special character we did not write ourselves is escaped.
        const ours = query.replace(/\^2 OR /g, ' ').replace(/\*\)/g, ')').replace(/\) AND \(/g, ' ');
        const body = ours.slice(1, -1);
        expect(body.replace(/\\./g, '')).not.toMatch(/[+\-&|!(){}[\]^"~*?:\\/]/);
        // User words are lower-cased, so AND/OR/NOT in the text cannot act as operators.
        const words = query.replace(/\^2 OR | AND /g, ' ');
        expect(words).toBe(words.toLowerCase());
      }),
    );
  });
});

describe('evidence combination, exact cases', () => {
  it('gives one sentence its own confidence and two the noisy-OR', () => {
    expect(combineEvidence([0.2])).toBe(0.2);
    expect(combineEvidence([])).toBe(0);
    expect(combineEvidence([0.6, 0.5])).toBeCloseTo(0.8, 15);
  });
});
