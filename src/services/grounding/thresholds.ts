/**
 * Scoring constants of grounding and resolution. The thresholds are
 * calibrated on test/fixtures/grounding-labelled (see docs/grounding-graph.md
 * for the procedure and the figures); the lexical weight is a design choice
 * checked on the same set.
 */
export const GROUNDING_SCORES = {
  /** How much an exact name/alias match adds (noisy-OR with the cosine). */
  lexicalWeight: 0.6,
  /** ground(): a best candidate below this score is "no match". */
  groundThreshold: 0.45,
  /** resolveMention(): the mention's context, mention masked, must be at least this close (cosine) to the entity. */
  contextThreshold: 0.175,
  /** Nearest neighbours asked of the vector index per requested candidate. */
  poolFactor: 10,
  minPool: 50,
} as const;
