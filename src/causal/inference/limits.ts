/** Bounds on exact inference; a query beyond them fails with LIMIT_EXCEEDED, never approximates. */
export interface InferenceLimits {
  /** Largest table (entries) the elimination order may create. */
  maxTableEntries: number;
  /** Most variables the relevant part may hold. */
  maxRelevantVariables: number;
}

export const DEFAULT_LIMITS: Readonly<InferenceLimits> = Object.freeze({
  maxTableEntries: 1 << 24,
  maxRelevantVariables: 1_000_000,
});
