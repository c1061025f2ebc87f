/** What every independent checker answers: valid, or the step that failed and why. */
export type VerifyOutcome = { valid: true; checked: string } | { valid: false; step: string; reason: string };
