import type { AnalysedText, SentenceTokens, Token } from './analyseText';
import type { CausalCue } from './causalCues';
import { isEffectNoun, isTimeNoun } from './effectNouns';
import { anyBetween, isHedge, isNegator, negatedBetween } from './modality';
import { MAX_PHRASE_WORDS, phraseWords, type Phrase } from './nounPhrases';
import type { SentencePhrases } from './sentencePhrases';

/** A relation over token indices, before it is turned into text spans. */
export interface TokenRelation {
  readonly cause: Phrase;
  readonly effect: Phrase;
  readonly cueFirst: number;
  readonly cueEnd: number;
  readonly cue: CausalCue;
  readonly hedged: boolean;
}

/** How much a hedge ("may cause") lowers a relation's confidence. */
export const HEDGE_FACTOR = 0.6;
/**
 * How much an effect that names no effect-like thing lowers it: on the
 * tuning part relations whose effect phrase held an effect noun (pain, damage,
 * delay…) were right 81% of the time, the others 54%.
 */
export const NON_EFFECT_FACTOR = 0.75;

/** The cue's confidence, lowered for a hedge and for an effect that names no effect. */
export function relationConfidence(tokens: readonly Token[], relation: TokenRelation): number {
  const effectNamed = anyBetween(tokens, relation.effect.first, relation.effect.end, (token) => isEffectNoun(token.text));
  return relation.cue.confidence * (relation.hedged ? HEDGE_FACTOR : 1) * (effectNamed ? 1 : NON_EFFECT_FACTOR);
}

/** Tokens allowed between a verb cue and its subject: auxiliaries, adverbs, relative pronouns. */
const LEFT_GAP_WORDS = new Set(['that', 'which', 'who', 'whom', 'also', 'often', 'usually', 'mainly', 'largely', 'primarily', 'partly', 'directly', 'indirectly', 'ultimately', 'eventually', 'frequently', 'commonly', 'typically', 'generally', 'mostly', 'in', 'part', 'all', 'both', 'each', 'together', 'themselves', 'itself', 'turn']);
const HEDGE_VERBS = new Set(['appear', 'appears', 'appeared', 'seem', 'seems', 'seemed', 'tend', 'tends', 'tended', 'to']);
const MAX_LEFT_GAP = 6;
const RELATIVE_PRONOUNS = new Set(['which', 'that', 'who', 'whom']);
const QUANTIFIERS = new Set(['one', 'some', 'many', 'most', 'all', 'each', 'any', 'several', 'both', 'none', 'two', 'three']);
/** Conjunction cues whose clause-initial use is fronted: "Because of X, Y". */
const FRONTING_WORDS = new Set(['because', 'due', 'owing', 'as']);
/** Prepositions that attach a modifier to the subject's head ("the fire in the kitchen"). */
const ATTACHING_PREPOSITIONS = new Set(['in', 'on', 'at', 'near', 'from', 'with', 'within', 'inside', 'under', 'over', 'along', 'across', 'around', 'during', 'for', 'to', 'through', 'between', 'among', 'behind', 'beneath', 'into', 'onto', 'by', 'about', 'against', 'like', 'via', 'without']);

export function relationsInSentence(
  analysed: AnalysedText,
  sentence: SentenceTokens,
  phrases: SentencePhrases,
  cues: ReadonlyMap<string, readonly CausalCue[]>,
): TokenRelation[] {
  const { tokens } = analysed;
  const relations: TokenRelation[] = [];
  let at = sentence.first;
  while (at < sentence.end) {
    const cue = matchCue(tokens, at, sentence.end, cues);
    if (!cue) {
      at += 1;
      continue;
    }
    const cueEnd = at + cue.words.length;
    const cueFirst = cue.nominal ? copularNounStart(tokens, sentence, at) : at;
    const relation = cueFirst === undefined ? undefined : attach(tokens, sentence, phrases, cue, cueFirst, cueEnd);
    if (relation) relations.push(relation);
    at = cueEnd;
  }
  return relations;
}

/**
 * The longest cue whose words start at `at` and fit their use here: a verb
 * cue not used as a noun nor as a purpose ("to prevent"), a passive not
 * read into "caused by far".
 */
function matchCue(tokens: readonly Token[], at: number, end: number, cues: ReadonlyMap<string, readonly CausalCue[]>): CausalCue | undefined {
  const candidates = cues.get(tokens[at]!.lower);
  if (!candidates) return undefined;
  for (const cue of candidates) {
    if (at + cue.words.length > end) continue;
    if (!cue.words.every((word, k) => tokens[at + k]!.lower === word)) continue;
    if (cue.verbal && !usedAsVerb(tokens, at)) continue;
    // "to prevent Y" states a purpose, not that anything does prevent Y.
    if (cue.verbal && tokens[at - 1]?.lower === 'to') continue;
    // "has caused by far the most…" is active, not passive.
    if (cue.words[cue.words.length - 1] === 'by' && tokens[at + cue.words.length]?.lower === 'far') continue;
    return cue;
  }
  return undefined;
}

/**
 * Where "is one of the main causes of" starts: the noun's determiners and
 * modifiers, which must follow a copula; undefined when none does.
 */
function copularNounStart(tokens: readonly Token[], sentence: SentenceTokens, noun: number): number | undefined {
  let at = noun;
  while (at > sentence.first && at > noun - 6) {
    const token = tokens[at - 1]!;
    if (!(token.pos === 'DET' || token.pos === 'ADJ' || token.pos === 'ADV' || token.pos === 'NUM' || NOUN_PHRASE_QUANTIFIERS.has(token.lower))) break;
    at -= 1;
  }
  const copula = tokens[at - 1];
  return copula && COPULAS.has(copula.lower) ? at : undefined;
}

const COPULAS = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'remains', 'remain', 'remained', 'becomes', 'become', 'became', "'s"]);
const NOUN_PHRASE_QUANTIFIERS = new Set(['one', 'of', 'among', 'most', 'single']);

/** "the causes of", "an increase in", "lower levels": the word is a noun or adjective here. */
function usedAsVerb(tokens: readonly Token[], at: number): boolean {
  const token = tokens[at]!;
  const previous = tokens[at - 1];
  if (token.pos === 'ADJ') return false;
  if (!previous) return true;
  if (RELATIVE_PRONOUNS.has(previous.lower)) return true; // "which causes", tagged DET
  return !(previous.pos === 'DET' || previous.pos === 'ADJ' || previous.pos === 'NUM' || previous.lower === "'s");
}

function attach(
  tokens: readonly Token[],
  sentence: SentenceTokens,
  phrases: SentencePhrases,
  cue: CausalCue,
  cueFirst: number,
  cueEnd: number,
): TokenRelation | undefined {
  const right = rightArgument(tokens, phrases, cueEnd, sentence.end);
  if (!right) return undefined;
  const hedged = anyBetween(tokens, sentence.first, cueFirst, isHedge);

  if (cue.frame === 'effectFirst' && FRONTING_WORDS.has(cue.words[0]!) && opensSentence(tokens, sentence, cueFirst)) {
    const effect = frontedEffect(tokens, phrases, right.end, sentence.end);
    if (!effect) return undefined;
    return { cause: right, effect, cueFirst, cueEnd, cue, hedged };
  }

  const gapStart = leftGapStart(tokens, sentence, cueFirst, cue);
  const left = FRONTING_WORDS.has(cue.words[0]!) ? connectiveEffect(tokens, sentence, phrases, gapStart) : phrases.endingAt(gapStart);
  if (!left) return undefined;
  if (negatedBetween(tokens, gapStart, cueFirst)) return undefined;
  if (cue.needsEffectNoun && (!isEffectNoun(tokens[left.head]!.text) || isTimeNoun(tokens[right.head]!.text))) return undefined;
  const isSubject = cue.frame === 'causeFirst' || anyBetween(tokens, gapStart, cueFirst, (token) => token.pos === 'AUX');
  const leftArgument = extendLeft(tokens, phrases, left, sentence.first, isSubject);
  return cue.frame === 'causeFirst'
    ? { cause: leftArgument, effect: right, cueFirst, cueEnd, cue, hedged }
    : { cause: right, effect: leftArgument, cueFirst, cueEnd, cue, hedged };
}

/** Walks left from the cue over auxiliaries, adverbs, negation, hedges and relative pronouns. */
function leftGapStart(tokens: readonly Token[], sentence: SentenceTokens, cueFirst: number, cue: CausalCue): number {
  const clausal = cue.words.length === 1 && cue.words[0] === 'because';
  let at = cueFirst;
  while (at > sentence.first && cueFirst - at < MAX_LEFT_GAP) {
    const token = tokens[at - 1]!;
    const skippable =
      token.pos === 'AUX' ||
      token.pos === 'ADV' ||
      isNegator(token) ||
      isHedge(token) ||
      LEFT_GAP_WORDS.has(token.lower) ||
      HEDGE_VERBS.has(token.lower) ||
      (clausal && (token.pos === 'VERB' || token.pos === 'PART')) ||
      (token.text === ',' && at < cueFirst && ['which', 'who', 'that'].includes(tokens[at]!.lower));
    if (!skippable) break;
    at -= 1;
  }
  return at;
}

/** The noun phrase right after the cue, adverbs aside ("caused mainly by the wind"). */
function rightArgument(tokens: readonly Token[], phrases: SentencePhrases, from: number, end: number): Phrase | undefined {
  let at = from;
  while (at < end && tokens[at]!.pos === 'ADV') at += 1;
  // "one of several viruses", "some of the factors": the phrase after "of", spanned from the quantifier.
  if (QUANTIFIERS.has(tokens[at]?.lower ?? '') && tokens[at + 1]?.lower === 'of') {
    const quantified = phrases.startingAt(at + 2);
    if (!quantified) return undefined;
    const extended = extendRight(tokens, phrases, quantified, end);
    return { ...extended, first: at };
  }
  const phrase = phrases.startingAt(at) ?? bareGerund(tokens, at, end);
  return phrase ? extendRight(tokens, phrases, phrase, end) : undefined;
}

/** A gerund object on its own ("causes coughing, sneezing…") is a one-word noun phrase. */
function bareGerund(tokens: readonly Token[], at: number, end: number): Phrase | undefined {
  const token = tokens[at];
  if (!token || at >= end || token.pos !== 'VERB' || !/ing$/.test(token.lower)) return undefined;
  const next = tokens[at + 1];
  // "causing the engine to stall" is a clause, not a noun.
  if (next && (next.pos === 'DET' || next.pos === 'NOUN' || next.pos === 'PROPN' || next.pos === 'PRON')) return undefined;
  return { first: at, end: at + 1, head: at, type: 'NP' };
}

/**
 * The argument left of a cue is the noun-phrase chain that ends there,
 * followed left over "of", prepositions, coordination and participles:
 * "the fire in the kitchen caused…", "signs placed at the square caused…",
 * "frustrations, threats and conflicts cause…". Cut to MAX_PHRASE_WORDS, a
 * subject (a finite verb cue, or one after an auxiliary) keeps its leftmost
 * phrase, the syntactic head ("forward motion of the vehicle through the air
 * caused…"); a noun modified by a reduced relative ("the damage … caused by")
 * keeps the phrase next to the cue.
 */
function extendLeft(tokens: readonly Token[], phrases: SentencePhrases, phrase: Phrase, sentenceFirst: number, subject: boolean): Phrase {
  const chain: Phrase[] = [phrase];
  let inList = false;
  for (;;) {
    const current = chain[chain.length - 1]!;
    let joinerAt = current.first - 1;
    if (joinerAt <= sentenceFirst) break;
    let joiner = tokens[joinerAt]!;
    if (joiner.pos === 'CCONJ' && tokens[joinerAt - 1]?.text === ',') joinerAt -= 1; // "A, B, and C"
    joiner = tokens[joinerAt]!;
    const coordinating = joiner.pos === 'CCONJ' || (joiner.text === ',' && inList);
    const attaching = joiner.lower === 'of' || ATTACHING_PREPOSITIONS.has(joiner.lower);
    if (!coordinating && !attaching) break;
    if (tokens[joinerAt + 1]?.pos === 'CCONJ' || joiner.pos === 'CCONJ') inList = true;
    // A participle between head and preposition: "signs placed at the square".
    if (subject && joiner.pos === 'ADP' && tokens[joinerAt - 1]?.pos === 'VERB' && /ed$/.test(tokens[joinerAt - 1]!.lower)) joinerAt -= 1;
    const before = phrases.endingAt(joinerAt);
    if (!before) break;
    chain.push(before);
    if (chain.length > 4) break;
  }
  const head = chain[chain.length - 1]!;
  if (!subject) {
    // A modified noun: keep the one next to the cue and what fits before it.
    let first = phrase.first;
    for (let k = 1; k < chain.length && phraseWords(tokens, chain[k]!.first, phrase.end) <= MAX_PHRASE_WORDS; k += 1) first = chain[k]!.first;
    return { first, end: phrase.end, head: phrase.head, type: phrase.type };
  }
  let end = head.end;
  for (let k = chain.length - 2; k >= 0; k -= 1) {
    if (phraseWords(tokens, head.first, chain[k]!.end) > MAX_PHRASE_WORDS) break;
    end = chain[k]!.end;
  }
  return { first: head.first, end, head: head.head, type: head.type };
}

/** Coordinated objects ("dryness, rashes and itching") stay together, within MAX_PHRASE_WORDS. */
function extendRight(tokens: readonly Token[], phrases: SentencePhrases, phrase: Phrase, sentenceEnd: number): Phrase {
  let current = phrase;
  for (;;) {
    let joinerAt = current.end;
    if (tokens[joinerAt]?.text === ',' && tokens[joinerAt + 1]?.pos === 'CCONJ') joinerAt += 1;
    const joiner = tokens[joinerAt];
    if (!joiner) break;
    const listComma = joiner.text === ',' && listContinues(tokens, joinerAt + 1, sentenceEnd);
    if (joiner.pos !== 'CCONJ' && !listComma) break;
    const after = phrases.startingAt(joinerAt + 1);
    if (!after || phraseWords(tokens, current.first, after.end) > MAX_PHRASE_WORDS) break;
    current = { first: current.first, end: after.end, head: current.head, type: current.type === 'NAME' && after.type === 'NAME' ? 'NAME' : 'NP' };
  }
  return current;
}

/** A comma continues a list when a coordinating conjunction comes within the next few words. */
function listContinues(tokens: readonly Token[], from: number, end: number): boolean {
  for (let at = from; at < end && at < from + 8; at += 1) {
    const token = tokens[at]!;
    if (token.pos === 'CCONJ') return true;
    if (token.pos === 'VERB' || token.pos === 'AUX' || token.text === ';') return false;
  }
  return false;
}

/**
 * "Y because (of) X", "Y due to X": Y is a clause, of which the noun phrase
 * just before the connective stands for it ("mononucleosis due to the virus")
 * unless that phrase is a preposition's object ("rescheduled to next month
 * due to…"); then the clause's subject does.
 */
function connectiveEffect(tokens: readonly Token[], sentence: SentenceTokens, phrases: SentencePhrases, gapStart: number): Phrase | undefined {
  const before = phrases.endingAt(gapStart);
  if (before && tokens[before.first - 1]?.pos !== 'ADP') return before;
  let clauseStart = gapStart;
  while (clauseStart > sentence.first && !CLAUSE_BOUNDARIES.has(tokens[clauseStart - 1]!.text) && tokens[clauseStart - 1]!.pos !== 'SCONJ') clauseStart -= 1;
  for (let at = clauseStart; at < gapStart && at < clauseStart + 3; at += 1) {
    const subject = phrases.startingAt(at);
    if (subject) return subject.end <= gapStart ? subject : undefined;
  }
  return undefined;
}

const CLAUSE_BOUNDARIES = new Set([',', ';', ':', '(', '—', '–']);

/** Whether only punctuation precedes the cue in its sentence. */
function opensSentence(tokens: readonly Token[], sentence: SentenceTokens, cueFirst: number): boolean {
  return !anyBetween(tokens, sentence.first, cueFirst, (token) => token.pos !== 'PUNCT' && token.pos !== 'SPACE');
}

/** In "Because of X, Y …" the effect is the first noun phrase after the comma. */
function frontedEffect(tokens: readonly Token[], phrases: SentencePhrases, from: number, end: number): Phrase | undefined {
  for (let at = from; at < end; at += 1) {
    if (tokens[at]!.text !== ',') continue;
    for (let next = at + 1; next < end && next <= at + 3; next += 1) {
      const phrase = phrases.startingAt(next);
      if (phrase) return phrase;
    }
    return undefined;
  }
  return undefined;
}
