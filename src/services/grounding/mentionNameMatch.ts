import { normaliseName, tokens } from './lexicalMatch';

/**
 * How a mention's words relate to one entity's name or alias, for resolution
 * at ingest (stricter than ground()'s word-overlap score):
 *
 * - `exact`: the normalised mention is a name or alias ("the flu" / "The Flu"),
 *   or has the same content words in the same order ("flu" / "The flu").
 * - `contains`: the mention holds every content word of a name or alias and
 *   ends in the same head word — a modified form of the name ("heavy smoking"
 *   / "Smoking", "severe asthma" / "Asthma").
 * - `none`: anything else, including one shared word among different ones
 *   ("breast cancer" / "Lung cancer", "type 1 diabetes" / "Type 2 diabetes"),
 *   a mention shorter than the name ("cancer" / "Lung cancer": a broader
 *   term, not the entity) and a different head ("apple pie" / "Apple",
 *   "Paris Hilton" / "Paris").
 */
export type NameMatchKind = 'exact' | 'contains' | 'none';

export interface NameMatch {
  kind: NameMatchKind;
  /** The name or alias that matched; null for `none`. */
  matched: string | null;
}

/**
 * Function words that do not name anything. Digits and every other word count
 * as content: "1" and "2" are what tell the two diabetes types apart.
 */
const FUNCTION_WORDS = new Set([
  'a', 'an', 'the', 'of', 'and', 'or', 'in', 'on', 'at', 'to', 'for', 'with', 'by', 'from', 'as',
  'its', 'his', 'her', 'their', 'our', 'my', 'your', 'this', 'that', 'these', 'those', 's',
]);

export function contentWords(text: string): string[] {
  return tokens(text).filter((t) => !FUNCTION_WORDS.has(t));
}

export function mentionNameMatch(mention: string, names: readonly string[]): NameMatch {
  const normalised = normaliseName(mention);
  if (normalised === '') return { kind: 'none', matched: null };
  for (const name of names) if (normaliseName(name) === normalised) return { kind: 'exact', matched: name };
  const words = contentWords(mention);
  const joined = words.join(' ');
  for (const name of names) if (joined !== '' && contentWords(name).join(' ') === joined) return { kind: 'exact', matched: name };
  const present = new Set(words);
  const head = words[words.length - 1];
  for (const name of names) {
    const nameWords = contentWords(name);
    if (nameWords.length === 0 || nameWords.length >= words.length) continue;
    if (nameWords[nameWords.length - 1] === head && nameWords.every((w) => present.has(w))) return { kind: 'contains', matched: name };
  }
  return { kind: 'none', matched: null };
}
