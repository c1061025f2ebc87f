/**
 * How well a query's words match an entity's name or one of its aliases,
 * independent of the fulltext index's scores (Lucene scores are not comparable
 * across queries, so they only decide which entities are looked at).
 */
export interface LexicalMatch {
  /** 1 for an exact (case- and punctuation-insensitive) name or alias match, else token-set Jaccard in [0, 1). */
  strength: number;
  /** The name or alias that matched best. */
  matched: string;
  exact: boolean;
}

export function normaliseName(text: string): string {
  return tokens(text).join(' ');
}

export function tokens(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t !== '');
}

export function lexicalMatch(query: string, names: readonly string[]): LexicalMatch {
  const q = normaliseName(query);
  const qTokens = new Set(tokens(query));
  let best: LexicalMatch = { strength: 0, matched: names[0] ?? '', exact: false };
  for (const name of names) {
    if (q !== '' && normaliseName(name) === q) return { strength: 1, matched: name, exact: true };
    const nTokens = new Set(tokens(name));
    const shared = [...qTokens].filter((t) => nTokens.has(t)).length;
    const union = new Set([...qTokens, ...nTokens]).size;
    const jaccard = union === 0 ? 0 : shared / union;
    // Below 1: only an exact match may claim full strength.
    const strength = Math.min(jaccard, 0.99);
    if (strength > best.strength) best = { strength, matched: name, exact: false };
  }
  return best;
}

const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

/**
 * A fulltext query in which any word may match (OR), exactly (boosted), as a
 * prefix, or within one edit (typos) — wide on purpose: the index only
 * proposes candidates; lexicalMatch and the vectors score them.
 */
export function candidateLuceneQuery(text: string): string | null {
  const words = tokens(text).map((w) => w.replace(LUCENE_SPECIAL, (c) => `\\${c}`));
  if (words.length === 0) return null;
  return words.map((w) => (w.length >= 4 ? `(${w}^3 OR ${w}* OR ${w}~1)` : `(${w}^3 OR ${w}*)`)).join(' OR ');
}
