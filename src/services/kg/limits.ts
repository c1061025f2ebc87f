/** Sizes a single write or read may have; the API reports breaches naming the field. */
export const LIMITS = Object.freeze({
  maxBatch: 1000,
  maxIdLength: 128,
  maxNameLength: 200,
  maxDescriptionLength: 4000,
  maxAliases: 64,
  maxStates: 32,
  maxSentenceLength: 10_000,
  maxSentencesPerDocument: 5_000,
  maxUriLength: 2048,
  maxSearchText: 200,
});

/** Ids: letters, digits and `_ . : / # ~ -`, starting with a letter or digit. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:/#~-]*$/;
/** Entity types name a unary rule predicate (type `Drug` ⇒ `drug(X)`), so they are identifiers. */
export const ENTITY_TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** Relationship types are spliced into Cypher (backtick-quoted) and must be UPPER_SNAKE_CASE. */
export const RELATION_TYPE_PATTERN = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;
export const STATE_PATTERN = /^[A-Za-z0-9_.+-]{1,64}$/;
