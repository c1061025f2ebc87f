import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

/** One token with its place in the source text (UTF-16 offsets, end exclusive). */
export interface Token {
  readonly index: number;
  readonly text: string;
  readonly lower: string;
  /** Universal POS tag from the model (NOUN, VERB, ADP…). */
  readonly pos: string;
  readonly start: number;
  readonly end: number;
  /** Whether whitespace separates this token from the previous one. */
  readonly spaced: boolean;
}

/** Tokens [first, end) of one sentence. */
export interface SentenceTokens {
  readonly index: number;
  readonly first: number;
  readonly end: number;
}

/** A recognised entity over tokens [first, end). */
export interface EntityTokens {
  readonly first: number;
  readonly end: number;
  readonly type: string;
}

export interface AnalysedText {
  readonly text: string;
  readonly tokens: readonly Token[];
  readonly sentences: readonly SentenceTokens[];
  readonly entities: readonly EntityTokens[];
}

let nlp: WinkMethods | undefined;

/** The model is loaded once, from the installed package: nothing is fetched at run time. */
function pipeline(): WinkMethods {
  nlp ??= winkNLP(model, ['sbd', 'pos', 'ner']);
  return nlp;
}

/** Splits text into sentences and POS-tagged tokens with their source offsets. */
export function analyseText(text: string): AnalysedText {
  const { readDoc, its } = pipeline();
  const doc = readDoc(text);
  const values = doc.tokens().out(its.value) as string[];
  const tags = doc.tokens().out(its.pos) as string[];
  const spaces = doc.tokens().out(its.precedingSpaces) as string[];
  const tokens = locateTokens(text, values, tags, spaces);

  const sentences: SentenceTokens[] = [];
  const sentenceList = doc.sentences();
  for (let k = 0; k < sentenceList.length(); k += 1) {
    const [first, last] = sentenceList.itemAt(k).out(its.span) as unknown as [number, number];
    sentences.push({ index: k, first, end: last + 1 });
  }

  const entities: EntityTokens[] = [];
  const entityList = doc.entities();
  for (let k = 0; k < entityList.length(); k += 1) {
    const entity = entityList.itemAt(k);
    const [first, last] = entity.out(its.span) as unknown as [number, number];
    entities.push({ first, end: last + 1, type: entity.out(its.type) as string });
  }
  return { text, tokens, sentences, entities };
}

/**
 * wink keeps every token's surface form, so each can be found in the source by
 * a forward search from the end of the previous one; this is what turns its
 * token indices into UTF-16 offsets without trusting any length arithmetic.
 */
function locateTokens(text: string, values: string[], tags: string[], spaces: string[]): Token[] {
  const tokens: Token[] = [];
  let cursor = 0;
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index] ?? '';
    const found = text.indexOf(value, cursor);
    // A token the model normalised cannot be placed: give it an empty span where we are.
    const start = found >= 0 ? found : cursor;
    const end = found >= 0 ? found + value.length : cursor;
    tokens.push({
      index,
      text: value,
      lower: value.toLowerCase(),
      pos: tags[index] ?? 'X',
      start,
      end,
      spaced: (spaces[index] ?? '').length > 0 || (found > cursor && index > 0),
    });
    cursor = end;
  }
  return tokens;
}
