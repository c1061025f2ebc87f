import { analyseText, type AnalysedText, type Token } from './analyseText';
import { CAUSAL_CUES, cuesByFirstWord, verbCueWords, type CausalCue } from './causalCues';
import { relationConfidence, relationsInSentence, type TokenRelation } from './causalRelations';
import type { Phrase } from './nounPhrases';
import { sentencePhrases } from './sentencePhrases';
import type { CausalRelation, Extraction, Mention, SentenceSpan, TextSpan } from './types';

export interface ExtractOptions {
  /** The cue lexicon; defaults to CAUSAL_CUES. */
  readonly cues?: readonly CausalCue[];
}

/** Entity types from the recogniser worth reporting as mentions (not emoji, punctuation…). */
const ENTITY_MENTION_TYPES = new Set(['DATE', 'TIME', 'DURATION', 'MONEY', 'PERCENT', 'URL', 'EMAIL', 'HASHTAG', 'MENTION', 'MEASURE']);

const defaultLexicon = lexicon(CAUSAL_CUES);

function lexicon(cues: readonly CausalCue[]) {
  return { index: cuesByFirstWord(cues), verbWords: verbCueWords(cues) };
}

/**
 * Plain text → sentences → mentions → cause/effect relations. Pure: the same
 * text always gives the same extraction, and no I/O happens here.
 */
export function extractText(text: string, options: ExtractOptions = {}): Extraction {
  const { index: cueIndex, verbWords } = options.cues ? lexicon(options.cues) : defaultLexicon;
  const analysed = analyseText(text);
  const { tokens } = analysed;
  const sentences: SentenceSpan[] = [];
  const mentions = new Map<string, Mention>();
  const relations: CausalRelation[] = [];

  for (const sentence of analysed.sentences) {
    const first = firstContentToken(tokens, sentence.first, sentence.end);
    if (first === undefined) continue;
    const span = spanOf(analysed, first, lastContentToken(tokens, sentence.first, sentence.end));
    sentences.push({ ...span, index: sentence.index });
    const phrases = sentencePhrases(analysed, sentence, verbWords);
    for (const phrase of phrases.all) addMention(mentions, phraseMention(analysed, phrase));
    for (const relation of dedupe(relationsInSentence(analysed, sentence, phrases, cueIndex))) {
      const spanned = toRelation(analysed, relation, sentence.index);
      relations.push(spanned);
      // Extended arguments ("the fire in the kitchen") are mentions too.
      addMention(mentions, phraseMention(analysed, relation.cause));
      addMention(mentions, phraseMention(analysed, relation.effect));
    }
  }
  for (const entity of analysed.entities) {
    if (ENTITY_MENTION_TYPES.has(entity.type)) addMention(mentions, { ...spanOf(analysed, entity.first, entity.end - 1), type: entity.type });
  }
  const ordered = [...mentions.values()].sort((a, b) => a.start - b.start || b.end - a.end);
  return { sentences, mentions: ordered, relations };
}

function toRelation(analysed: AnalysedText, relation: TokenRelation, sentenceIndex: number): CausalRelation {
  const confidence = relationConfidence(analysed.tokens, relation);
  return {
    cause: phraseSpan(analysed, relation.cause),
    effect: phraseSpan(analysed, relation.effect),
    cue: spanOf(analysed, relation.cueFirst, relation.cueEnd - 1),
    polarity: relation.cue.polarity,
    confidence: Math.round(confidence * 1000) / 1000,
    sentenceIndex,
    hedged: relation.hedged,
  };
}

/** One relation per (cause, effect) pair in a sentence: the most confident cue wins. */
function dedupe(relations: TokenRelation[]): TokenRelation[] {
  const best = new Map<string, TokenRelation>();
  for (const relation of relations) {
    if (overlaps(relation.cause, relation.effect)) continue;
    const key = `${relation.cause.first}:${relation.cause.end}>${relation.effect.first}:${relation.effect.end}`;
    const kept = best.get(key);
    if (!kept || relation.cue.confidence > kept.cue.confidence) best.set(key, relation);
  }
  return [...best.values()];
}

const overlaps = (a: Phrase, b: Phrase): boolean => a.first < b.end && b.first < a.end;

function phraseSpan(analysed: AnalysedText, phrase: Phrase): TextSpan {
  return spanOf(analysed, phrase.first, phrase.end - 1);
}

function phraseMention(analysed: AnalysedText, phrase: Phrase): Mention {
  return { ...phraseSpan(analysed, phrase), type: phrase.type };
}

/** The source text from token `first` through token `last`, offsets in UTF-16 code units. */
function spanOf(analysed: AnalysedText, first: number, last: number): TextSpan {
  const start = analysed.tokens[first]!.start;
  const end = analysed.tokens[last]!.end;
  return { text: analysed.text.slice(start, end), start, end };
}

function addMention(mentions: Map<string, Mention>, mention: Mention): void {
  const key = `${mention.start}:${mention.end}`;
  if (!mentions.has(key)) mentions.set(key, mention);
}

function firstContentToken(tokens: readonly Token[], first: number, end: number): number | undefined {
  for (let at = first; at < end; at += 1) if (tokens[at]!.pos !== 'SPACE') return at;
  return undefined;
}

function lastContentToken(tokens: readonly Token[], first: number, end: number): number {
  for (let at = end - 1; at > first; at -= 1) if (tokens[at]!.pos !== 'SPACE') return at;
  return first;
}
