/**
 * The key a mention is grounded by until the grounding resolver is wired in:
 * Unicode NFKC, lower case, no leading article or possessive, single spaces,
 * last word singular ("The Lung Cancers" → "lung cancer"). Two mentions with
 * one key are taken to name one entity.
 */
const LEADING_WORDS = /^(?:(?:the|a|an|this|that|these|those|my|your|his|her|its|our|their|some|many|several|all|both)\s+)+/;

export function normaliseName(text: string): string {
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    .replace(LEADING_WORDS, '')
    .split(' ');
  const last = words.length - 1;
  words[last] = singular(words[last] ?? '');
  return words.join(' ');
}

function singular(word: string): string {
  if (/(ss|us|is|sis)$/.test(word) || word.length <= 3) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|xes|sses)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}
