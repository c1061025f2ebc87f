/**
 * The values extraction hands out. Every offset is a JavaScript string index
 * (UTF-16 code unit) into the text that was analysed, `end` exclusive, so
 * `text.slice(start, end) === span.text` always holds.
 */
export interface TextSpan {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** `NP` a common noun phrase, `NAME` a proper-noun phrase, else the recogniser's entity type (DATE, MONEY…). */
export interface Mention extends TextSpan {
  readonly type: string;
}

/** `+` the cause makes the effect more likely or larger (CAUSES); `-` less (PREVENTS). */
export type Polarity = '+' | '-';

export interface CausalRelation {
  readonly cause: TextSpan;
  readonly effect: TextSpan;
  /** The words that signal the relation ("is caused by", "because of"). */
  readonly cue: TextSpan;
  readonly polarity: Polarity;
  /** In (0, 1]: the cue's reliability, lowered when the claim is hedged. */
  readonly confidence: number;
  /** Provenance: which sentence of the text states the relation. */
  readonly sentenceIndex: number;
  readonly hedged: boolean;
}

export interface SentenceSpan extends TextSpan {
  readonly index: number;
}

export interface Extraction {
  readonly sentences: readonly SentenceSpan[];
  readonly mentions: readonly Mention[];
  readonly relations: readonly CausalRelation[];
}
