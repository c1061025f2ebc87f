import type { VerifyOutcome } from '../VerifyOutcome';

// Placeholder until the causal certificate checker lands.
export function verifyCausalOutput(_doc: unknown, _options: { baseDir: string }): VerifyOutcome {
  return { valid: false, step: 'dispatch', reason: 'causal certificate checking is not built yet' };
}
