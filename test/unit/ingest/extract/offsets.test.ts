import fc from 'fast-check';
import { extractText, type Extraction, type TextSpan } from '../../../../src/ingest/extract';

function allSpans(extraction: Extraction): TextSpan[] {
  return [
    ...extraction.sentences,
    ...extraction.mentions,
    ...extraction.relations.flatMap((relation) => [relation.cause, relation.effect, relation.cue]),
  ];
}

describe('offsets are UTF-16 code unit indices, end exclusive', () => {
  it('places spans after emoji (surrogate pairs) and accented letters', () => {
    const text = '🎉🎉 Le café brûlé: Smoking causes lung cancer in naïve smokers 👩‍🔬.';
    const [relation] = extractText(text).relations;
    expect(relation).toBeDefined();
    expect(relation!.cause).toEqual({ text: 'Smoking', start: text.indexOf('Smoking'), end: text.indexOf('Smoking') + 'Smoking'.length });
    expect(text.slice(relation!.effect.start, relation!.effect.end)).toBe(relation!.effect.text);
    expect(text.slice(relation!.cue.start, relation!.cue.end)).toBe('causes');
    // 🎉 is two code units: "Smoking" starts after 2×2 + 1 + the French words, not at a code-point count.
    expect(relation!.cause.start).toBe(Array.from(text.slice(0, relation!.cause.start)).length + 2);
  });

  it('handles combining accents (decomposed é) and CRLF line breaks', () => {
    const text = 'Cafe\u0301 owners complain.\r\nThe flu is caused by a virus.';
    const extraction = extractText(text);
    for (const span of allSpans(extraction)) expect(text.slice(span.start, span.end)).toBe(span.text);
    expect(extraction.relations.map((r) => r.cause.text)).toEqual(['a virus']);
  });

  it('every span slices back to its text, whatever surrounds the sentence (property)', () => {
    const noise = fc.constantFrom('', ' ', '  ', '🎉 ', 'Ωμέγα ', 'naïve café ', '\n', '“', '👩‍🔬 ', '\u00a0', 'ß ');
    const sentence = fc.constantFrom(
      'Smoking causes lung cancer.',
      'The flu is caused by a virus.',
      'Because of the rain, the match was cancelled.',
      'Aspirin reduces the risk of heart attack.',
      'Stress may lead to insomnia.',
      'The bridge collapsed because the cables corroded.',
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(noise, sentence, noise), { minLength: 1, maxLength: 4 }), (parts) => {
        const text = parts.map(([before, body, after]) => `${before}${body}${after}`).join(' ');
        const extraction = extractText(text);
        for (const span of allSpans(extraction)) {
          if (text.slice(span.start, span.end) !== span.text || span.start > span.end) return false;
        }
        return extraction.mentions.length >= 1;
      }),
      { numRuns: 60 },
    );
  });
});

describe('mentions', () => {
  it('finds noun phrases and named entities with types', () => {
    const text = 'Dr Smith reported on 12 May 2009 that the new drug reduces blood pressure.';
    const mentions = extractText(text).mentions.map((m) => `${m.text}:${m.type}`);
    expect(mentions).toEqual(expect.arrayContaining(['Dr Smith:NAME', '12 May 2009:DATE', 'the new drug:NP', 'blood pressure:NP']));
  });

  it('joins "NP of NP" and still lists the parts', () => {
    const mentions = extractText('The risk of heart attack rose.').mentions.map((m) => m.text);
    expect(mentions).toEqual(expect.arrayContaining(['The risk of heart attack', 'The risk', 'heart attack']));
  });

  it('lists mentions in text order', () => {
    const { mentions } = extractText('Smoking causes cancer. Rain caused floods in the valley.');
    const starts = mentions.map((m) => m.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });
});
