/** Programmer mistakes, never user-facing: a broken invariant is a bug. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Invariant violation: ${message}`);
}
