import type { Token } from './analyseText';

/** Words that deny the relation they govern ("does not cause", "never leads to"). */
const NEGATORS = new Set(['not', "n't", 'never', 'no', 'neither', 'nor', 'cannot', 'hardly']);

/**
 * Epistemic hedges (Hyland 1998; the cue list of the CoNLL-2010 shared task on
 * hedge detection): modals, adverbs of likelihood and reporting verbs that
 * present a claim as possible rather than asserted.
 */
const HEDGES = new Set([
  'may', 'might', 'could', 'can', 'possibly', 'probably', 'perhaps', 'likely', 'potentially', 'presumably',
  'apparently', 'allegedly', 'reportedly', 'suspected', 'thought', 'believed', 'suggest', 'suggests',
  'suggested', 'appear', 'appears', 'appeared', 'seem', 'seems', 'seemed', 'possible', 'putative', 'speculated',
]);

export const isNegator = (token: Token): boolean => NEGATORS.has(token.lower);

/** "not only", "not just": a focus particle, not a negation ("not only causes X but also Y"). */
const FOCUS_AFTER_NOT = new Set(['only', 'just', 'merely', 'simply']);

/** Whether a negator in [first, end) denies what follows it. */
export function negatedBetween(tokens: readonly Token[], first: number, end: number): boolean {
  for (let at = first; at < end; at += 1) {
    if (isNegator(tokens[at]!) && !FOCUS_AFTER_NOT.has(tokens[at + 1]?.lower ?? '')) return true;
  }
  return false;
}
export const isHedge = (token: Token): boolean => HEDGES.has(token.lower);

/** Whether any token in [first, end) satisfies the test. */
export function anyBetween(tokens: readonly Token[], first: number, end: number, test: (token: Token) => boolean): boolean {
  for (let at = first; at < end; at += 1) if (test(tokens[at]!)) return true;
  return false;
}
