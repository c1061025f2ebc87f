import type { AnalysedText, SentenceTokens, Token } from './analyseText';

/** A phrase over tokens [first, end) of one sentence; `head` is its last noun. */
export interface Phrase {
  readonly first: number;
  readonly end: number;
  readonly head: number;
  /** `NP`, or `NAME` when every noun in it is a proper noun. */
  readonly type: 'NP' | 'NAME';
}

/** The spec's bound on a mention: noun phrases, never clauses, so at most 8 words. */
export const MAX_PHRASE_WORDS = 8;

const HEAD_TAGS = new Set(['NOUN', 'PROPN']);
const MODIFIER_TAGS = new Set(['ADJ', 'NOUN', 'PROPN', 'NUM']);
/** -ing words that work as prepositions ("following the storm"), never as modifiers. */
const PREPOSITIONAL_PARTICIPLES = new Set(['following', 'including', 'regarding', 'concerning', 'according', 'during', 'excluding', 'involving', 'considering', 'using']);
const RELATIVE_PRONOUNS = new Set(['that', 'which', 'who']);
const OBJECT_START_TAGS = new Set(['DET', 'ADJ', 'NOUN', 'PROPN', 'NUM', 'PRON']);
const POSSESSIVE_PRONOUNS = new Set(['my', 'your', 'his', 'her', 'its', 'our', 'their']);

const isDeterminer = (token: Token): boolean => token.pos === 'DET' || POSSESSIVE_PRONOUNS.has(token.lower);

/** A hyphen written without spaces ("water-borne") glues its neighbours into one word. */
function isGluingHyphen(tokens: readonly Token[], at: number, end: number): boolean {
  const hyphen = tokens[at];
  const next = tokens[at + 1];
  return hyphen !== undefined && next !== undefined && at + 1 < end && hyphen.text === '-' && !hyphen.spaced && !next.spaced;
}

/** Words of a phrase, counting a hyphenated compound once and ignoring punctuation. */
export function phraseWords(tokens: readonly Token[], first: number, end: number): number {
  let words = 0;
  for (let at = first; at < end; at += 1) {
    const token = tokens[at];
    if (!token || token.pos === 'PUNCT' || token.pos === 'PART' || token.pos === 'SPACE') continue;
    const previous = tokens[at - 1];
    if (at > first && !token.spaced && previous?.text === '-') continue;
    words += 1;
  }
  return words;
}

/**
 * Base noun phrases of one sentence by the POS pattern
 *   (DET | possessive)* (ADJ | ADV-before-ADJ | NOUN | PROPN | NUM | X-Y | 's)* (NOUN | PROPN)
 * — the classic chunk grammar (Ramshaw & Marcus 1995 style base NPs), greedy,
 * without coordination or attachment. `verbWords` are words that, after a
 * noun, are verbs whatever the tagger says ("causes", "results").
 */
export function basePhrases(analysed: AnalysedText, sentence: SentenceTokens, verbWords: ReadonlySet<string> = new Set()): Phrase[] {
  const { tokens } = analysed;
  // After a noun, a finite form ("causes", "caused") is the verb; a base form may be a noun ("root cause").
  const isFiniteVerb = (token: Token): boolean => verbWords.has(token.lower) && /(s|ed)$/.test(token.lower);
  /**
   * A cue verb the tagger may call a noun: a finite form after a noun or a
   * relative pronoun ("smoking causes", "which causes"); a base form too when
   * an object follows ("bacteria cause disease", "poverty lead to"), but not
   * "the root cause of".
   */
  const isVerbHere = (all: readonly Token[], at: number, end: number, before: Token | undefined): boolean => {
    const token = all[at];
    if (!token || at >= end || !verbWords.has(token.lower) || !before) return false;
    if (!(HEAD_TAGS.has(before.pos) || RELATIVE_PRONOUNS.has(before.lower))) return false;
    if (isFiniteVerb(token)) return true;
    const next = all[at + 1];
    return next !== undefined && next.lower !== 'of' && (OBJECT_START_TAGS.has(next.pos) || next.lower === 'to' || next.lower === 'about');
  };
  const isGerund = (token: Token): boolean =>
    token.pos === 'VERB' && /ing$/.test(token.lower) && !verbWords.has(token.lower) && !PREPOSITIONAL_PARTICIPLES.has(token.lower);
  const phrases: Phrase[] = [];
  let at = sentence.first;
  while (at < sentence.end) {
    const previous = tokens[at - 1];
    if (isVerbHere(tokens, at, sentence.end, previous)) {
      at += 1;
      continue;
    }
    // "which" is never a determiner; "that" is none before a verb ("the germ that causes ulcers").
    if (tokens[at]!.lower === 'which' || (tokens[at]!.lower === 'that' && isVerbHere(tokens, at + 1, sentence.end, tokens[at]))) {
      at += 1;
      continue;
    }
    let cursor = at;
    while (cursor < sentence.end && isDeterminer(tokens[cursor]!)) cursor += 1;
    let lastHead = -1;
    let sawNonProper = false;
    while (cursor < sentence.end) {
      const token = tokens[cursor]!;
      // The tagger reads "Smoking causes cancer" as one noun compound; a known verb after a head ends the phrase.
      if (lastHead >= 0 && isVerbHere(tokens, cursor, sentence.end, tokens[cursor - 1])) break;
      if (MODIFIER_TAGS.has(token.pos)) {
        if (HEAD_TAGS.has(token.pos)) {
          lastHead = cursor;
          if (token.pos === 'NOUN') sawNonProper = true;
        }
        cursor += 1;
      } else if (isGluingHyphen(tokens, cursor, sentence.end) && cursor > at) {
        cursor += 2;
        const glued = tokens[cursor - 1]!;
        if (glued.pos !== 'PUNCT') {
          lastHead = cursor - 1;
          sawNonProper = true;
        }
      } else if (token.pos === 'PART' && token.lower === "'s" && lastHead === cursor - 1) {
        cursor += 1; // possessive: "the plaintiff's own negligence"
      } else if (isGerund(token) && lastHead < 0 && tokens[cursor + 1]?.pos === 'NOUN') {
        cursor += 1; // participle or gerund modifier: "exploding fuel", "boiling water"
      } else if (token.pos === 'VERB' && lastHead < 0 && cursor > at && isDeterminer(tokens[cursor - 1]!) && !isFiniteVerb(token)) {
        // After a determiner a "verb" is a tagging slip: a noun ("the buckling", "the floats")
        // or, before a noun, its modifier ("the exploding tank").
        if (tokens[cursor + 1]?.pos !== 'NOUN') {
          lastHead = cursor;
          sawNonProper = true;
        }
        cursor += 1;
      } else if (token.pos === 'ADJ' && lastHead === cursor - 1 && tokens[cursor + 1]?.pos === 'AUX') {
        lastHead = cursor; // a noun tagged as adjective before the verb: "the spiral light was…"
        cursor += 1;
      } else if (token.pos === 'ADV' && lastHead < 0 && tokens[cursor + 1]?.pos === 'ADJ') {
        cursor += 1; // "a predominantly distal weakness"
      } else break;
    }
    if (lastHead >= 0 && phraseWords(tokens, at, lastHead + 1) <= MAX_PHRASE_WORDS) {
      phrases.push({ first: at, end: lastHead + 1, head: lastHead, type: sawNonProper ? 'NP' : 'NAME' });
      at = lastHead + 1;
    } else {
      at = Math.max(at + 1, lastHead + 1);
    }
  }
  return phrases;
}

/**
 * Joins "NP of NP" into one phrase ("the risk of heart attack") while it stays
 * within MAX_PHRASE_WORDS; the head stays the first noun phrase's head.
 */
export function ofPhrases(analysed: AnalysedText, base: readonly Phrase[]): Phrase[] {
  const { tokens } = analysed;
  const joined: Phrase[] = [];
  for (let k = 0; k < base.length; k += 1) {
    let phrase = base[k]!;
    let next = base[k + 1];
    while (
      next !== undefined &&
      tokens[phrase.end]?.lower === 'of' &&
      next.first === phrase.end + 1 &&
      phraseWords(tokens, phrase.first, next.end) <= MAX_PHRASE_WORDS
    ) {
      phrase = { first: phrase.first, end: next.end, head: phrase.head, type: phrase.type === 'NAME' && next.type === 'NAME' ? 'NAME' : 'NP' };
      k += 1;
      next = base[k + 1];
    }
    if (phrase !== base[k]) joined.push(phrase);
  }
  return joined;
}
