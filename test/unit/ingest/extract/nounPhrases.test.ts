import { analyseText } from '../../../../src/ingest/extract/analyseText';
import { CAUSAL_CUES, verbCueWords } from '../../../../src/ingest/extract/causalCues';
import { MAX_PHRASE_WORDS, phraseWords } from '../../../../src/ingest/extract/nounPhrases';
import { sentencePhrases } from '../../../../src/ingest/extract/sentencePhrases';

function phrasesOf(text: string): string[] {
  const analysed = analyseText(text);
  const verbs = verbCueWords(CAUSAL_CUES);
  return analysed.sentences.flatMap((sentence) =>
    sentencePhrases(analysed, sentence, verbs).all.map((p) => text.slice(analysed.tokens[p.first]!.start, analysed.tokens[p.end - 1]!.end)),
  );
}

describe('noun phrases', () => {
  it('chunks determiners, adjectives and noun compounds', () => {
    expect(phrasesOf('The old wooden bridge crossed a wide river.')).toEqual(['The old wooden bridge', 'a wide river']);
  });

  it('keeps hyphenated compounds and possessives inside', () => {
    expect(phrasesOf('Water-borne bacteria damaged the plaintiff\'s own car.')).toEqual(['Water-borne bacteria', "the plaintiff's own car"]);
  });

  it('does not swallow a cue verb the tagger calls a noun', () => {
    expect(phrasesOf('Smoking causes lung cancer.')).toEqual(['Smoking', 'lung cancer']);
    expect(phrasesOf('The germ that causes ulcers.')).toEqual(['The germ', 'ulcers']);
  });

  it('never goes past MAX_PHRASE_WORDS', () => {
    const text = 'The risk of the failure of the pumps of the station of the city of the region rose.';
    const analysed = analyseText(text);
    for (const phrase of sentencePhrases(analysed, analysed.sentences[0]!).all) {
      expect(phraseWords(analysed.tokens, phrase.first, phrase.end)).toBeLessThanOrEqual(MAX_PHRASE_WORDS);
    }
  });
});
