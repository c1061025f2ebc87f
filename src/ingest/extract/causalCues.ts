import type { Polarity } from './types';

/**
 * Where a cue finds its arguments in the sentence:
 * - `causeFirst`  "X causes Y", "X leads to Y", "X is a cause of Y"
 * - `effectFirst` "Y is caused by X", "Y results from X", "Y because of X";
 *   the same cue opening a sentence ("Because of X, Y") is read fronted:
 *   cause right after it, effect after the comma that ends its phrase.
 */
export type CueFrame = 'causeFirst' | 'effectFirst';

export interface CausalCue {
  /** Lower-case token sequence as wink tokenises it ("is", "due", "to"). */
  readonly words: readonly string[];
  readonly frame: CueFrame;
  readonly polarity: Polarity;
  /** How reliably the cue signals causation when its arguments are found. */
  readonly confidence: number;
  /** A verb cue is not a verb after a determiner or adjective ("the causes of"). */
  readonly verbal: boolean;
  /** Only a relation when the effect's head noun names an effect ("pain from X", not "toys from X"). */
  readonly needsEffectNoun: boolean;
  /**
   * A noun cue after a copula and any determiners or adjectives: "is one of
   * the main causes of". Without the copula ("the cause of the war is…") it
   * is no cue, since its subject is not the cause.
   */
  readonly nominal: boolean;
}

interface VerbForms {
  readonly base: string;
  readonly third: string;
  readonly past: string;
  readonly participle: string;
  readonly gerund: string;
}

/** Regular inflection, enough for the verbs below; irregular ones are spelled out. */
function regular(base: string): VerbForms {
  const stem = base.endsWith('e') ? base.slice(0, -1) : base;
  const third = /(s|sh|ch|x|z)$/.test(base) ? `${base}es` : `${base}s`;
  return { base, third, past: `${stem}ed`, participle: `${stem}ed`, gerund: `${stem}ing` };
}

const irregular: Record<string, VerbForms> = {
  lead: { base: 'lead', third: 'leads', past: 'led', participle: 'led', gerund: 'leading' },
  bring: { base: 'bring', third: 'brings', past: 'brought', participle: 'brought', gerund: 'bringing' },
  give: { base: 'give', third: 'gives', past: 'gave', participle: 'given', gerund: 'giving' },
  arise: { base: 'arise', third: 'arises', past: 'arose', participle: 'arisen', gerund: 'arising' },
  come: { base: 'come', third: 'comes', past: 'came', participle: 'come', gerund: 'coming' },
  set: { base: 'set', third: 'sets', past: 'set', participle: 'set', gerund: 'setting' },
  spur: { base: 'spur', third: 'spurs', past: 'spurred', participle: 'spurred', gerund: 'spurring' },
  stem: { base: 'stem', third: 'stems', past: 'stemmed', participle: 'stemmed', gerund: 'stemming' },
  lower: { base: 'lower', third: 'lowers', past: 'lowered', participle: 'lowered', gerund: 'lowering' },
};

const formsOf = (verb: string): VerbForms => irregular[verb] ?? regular(verb);

interface CueOptions {
  confidence: number;
  polarity?: Polarity;
  needsEffectNoun?: boolean;
}

/** "X <verb> [particle] Y" in the active voice, every tense. */
function active(verb: string, particle: string[], options: CueOptions): CausalCue[] {
  const f = formsOf(verb);
  return [f.base, f.third, f.past, f.gerund].map((form) => cue([form, ...particle], 'causeFirst', true, options));
}

/** "Y <participle> by X": passive voice, also as a reduced relative ("damage caused by X"). */
function passive(verb: string, options: CueOptions): CausalCue {
  return cue([formsOf(verb).participle, 'by'], 'effectFirst', false, options);
}

/** "Y <verb> from X" ("results from", "stems from"), every tense. */
function intransitiveFrom(verb: string, options: CueOptions): CausalCue[] {
  const f = formsOf(verb);
  return [f.base, f.third, f.past, f.gerund].map((form) => cue([form, 'from'], 'effectFirst', false, options));
}

function phrase(text: string, frame: CueFrame, options: CueOptions): CausalCue {
  return cue(text.split(' '), frame, false, options);
}

function nominal(text: string, options: CueOptions): CausalCue {
  return { ...cue(text.split(' '), 'causeFirst', false, options), nominal: true };
}

function cue(words: string[], frame: CueFrame, verbal: boolean, options: CueOptions): CausalCue {
  return {
    words,
    frame,
    verbal,
    nominal: false,
    polarity: options.polarity ?? '+',
    confidence: options.confidence,
    needsEffectNoun: options.needsEffectNoun ?? false,
  };
}

const plus = (confidence: number): CueOptions => ({ confidence });
const minus = (confidence: number): CueOptions => ({ confidence, polarity: '-' });

/**
 * The lexicon. Increase verbs ("raises", "promotes") are CAUSES (+), decrease
 * verbs ("reduces", "prevents") PREVENTS (-). A cue's confidence is about how
 * often it was right on the tuning part of SemEval-2010 Task 8 (Hendrickx et
 * al. 2010), rounded, and for cues SemEval rarely annotates (increase and
 * decrease verbs, connectives) a judgement of how often its noun phrases
 * stand for the cause and the effect. Cues that also signal Product-Producer
 * or Entity-Origin ("from", "after") carry an effect-noun guard instead.
 */
export const CAUSAL_CUES: readonly CausalCue[] = [
  ...active('cause', [], plus(0.8)),
  ...active('lead', ['to'], plus(0.7)),
  ...active('result', ['in'], plus(0.75)),
  ...active('trigger', [], plus(0.75)),
  ...active('induce', [], plus(0.75)),
  ...active('provoke', [], plus(0.6)),
  ...active('give', ['rise', 'to'], plus(0.8)),
  ...active('bring', ['about'], plus(0.7)),
  ...active('contribute', ['to'], plus(0.6)),
  ...active('spark', [], plus(0.6)),
  ...active('spur', [], plus(0.5)),
  ...active('instigate', [], plus(0.6)),
  ...active('set', ['off'], plus(0.6)),
  ...active('increase', [], plus(0.5)),
  ...active('raise', [], plus(0.5)),
  ...active('promote', [], plus(0.5)),
  ...active('enhance', [], plus(0.5)),
  ...active('stimulate', [], plus(0.5)),
  ...active('reduce', [], minus(0.6)),
  ...active('prevent', [], minus(0.65)),
  ...active('inhibit', [], minus(0.65)),
  ...active('suppress', [], minus(0.6)),
  ...active('decrease', [], minus(0.55)),
  ...active('lower', [], minus(0.5)),
  ...active('lessen', [], minus(0.55)),
  ...active('diminish', [], minus(0.5)),
  ...active('mitigate', [], minus(0.55)),
  ...active('alleviate', [], minus(0.55)),
  ...active('protect', ['against'], minus(0.55)),
  // "X is (one of) the (main / multifactorial …) cause(s) of Y": see `nominal`. Not "the source of":
  // on the tuning part it was Entity-Origin more often than Cause-Effect (3/11 right).
  nominal('cause of', plus(0.9)),
  nominal('causes of', plus(0.9)),
  phrase('responsible for causing', 'causeFirst', plus(0.8)),
  phrase('responsible for', 'causeFirst', plus(0.6)),
  passive('cause', plus(0.85)),
  passive('trigger', plus(0.75)),
  passive('induce', plus(0.75)),
  passive('provoke', plus(0.65)),
  passive('spark', plus(0.6)),
  passive('instigate', plus(0.7)),
  passive('bring', plus(0.5)),
  // Not "produced / created / generated by": on the tuning part they meant
  // Product-Producer far more often than Cause-Effect (6/33, 4/16, 3/8 right).
  passive('prevent', minus(0.65)),
  passive('inhibit', minus(0.65)),
  passive('suppress', minus(0.6)),
  phrase('brought about by', 'effectFirst', plus(0.75)),
  ...intransitiveFrom('result', plus(0.8)),
  ...intransitiveFrom('stem', plus(0.8)),
  ...intransitiveFrom('arise', plus(0.7)),
  ...intransitiveFrom('ensue', plus(0.7)),
  // Connectives relate clauses; the noun phrases standing for them are a guess, hence the lower confidence.
  phrase('due to', 'effectFirst', plus(0.45)),
  phrase('owing to', 'effectFirst', plus(0.45)),
  phrase('because of', 'effectFirst', plus(0.45)),
  phrase('because', 'effectFirst', plus(0.3)),
  phrase('as a result of', 'effectFirst', plus(0.45)),
  phrase('as a consequence of', 'effectFirst', plus(0.45)),
  phrase('the result of', 'effectFirst', plus(0.7)),
  phrase('a result of', 'effectFirst', plus(0.7)),
  phrase('the consequence of', 'effectFirst', plus(0.7)),
  phrase('a consequence of', 'effectFirst', plus(0.7)),
  phrase('rooted in', 'effectFirst', plus(0.5)),
  phrase('from', 'effectFirst', { confidence: 0.8, needsEffectNoun: true }),
  ...intransitiveFrom('come', { confidence: 0.7, needsEffectNoun: true }),
  ...intransitiveFrom('radiate', { confidence: 0.6, needsEffectNoun: true }),
  // Temporal succession read as causation only for effect nouns: "sorrow after the loss".
  phrase('after', 'effectFirst', { confidence: 0.65, needsEffectNoun: true }),
];

/** Cues indexed by first word, longest first, so matching tries "caused by" before "caused". */
export function cuesByFirstWord(cues: readonly CausalCue[]): ReadonlyMap<string, readonly CausalCue[]> {
  const index = new Map<string, CausalCue[]>();
  for (const entry of cues) {
    const first = entry.words[0]!;
    const list = index.get(first) ?? [];
    list.push(entry);
    index.set(first, list);
  }
  for (const list of index.values()) list.sort((a, b) => b.words.length - a.words.length);
  return index;
}

/** Every form of the verb cues ("causes", "caused", "causing"): never part of a noun phrase. */
export function verbCueWords(cues: readonly CausalCue[]): ReadonlySet<string> {
  const words = new Set<string>();
  for (const entry of cues) if (entry.verbal) words.add(entry.words[0]!);
  return words;
}
