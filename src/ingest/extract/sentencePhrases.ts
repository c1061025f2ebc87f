import type { AnalysedText, SentenceTokens } from './analyseText';
import { basePhrases, ofPhrases, type Phrase } from './nounPhrases';

/** The noun phrases of one sentence, indexed by where they start and end. */
export interface SentencePhrases {
  readonly all: readonly Phrase[];
  /** The longest phrase ending just before token index `end`. */
  endingAt(end: number): Phrase | undefined;
  /** The longest phrase starting at token index `first`. */
  startingAt(first: number): Phrase | undefined;
}

export function sentencePhrases(analysed: AnalysedText, sentence: SentenceTokens, verbWords?: ReadonlySet<string>): SentencePhrases {
  const base = basePhrases(analysed, sentence, verbWords);
  const all = [...base, ...ofPhrases(analysed, base)];
  const byEnd = new Map<number, Phrase>();
  const byStart = new Map<number, Phrase>();
  for (const phrase of all) {
    const ending = byEnd.get(phrase.end);
    if (!ending || phrase.first < ending.first) byEnd.set(phrase.end, phrase);
    const starting = byStart.get(phrase.first);
    if (!starting || phrase.end > starting.end) byStart.set(phrase.first, phrase);
  }
  return { all, endingAt: (end) => byEnd.get(end), startingAt: (first) => byStart.get(first) };
}
