import type { VerifyOutcome } from '../VerifyOutcome';

// Placeholder until the rule-proof checker lands.
export function verifyRulesOutput(_doc: unknown, _options: { baseDir: string }): VerifyOutcome {
  return { valid: false, step: 'dispatch', reason: 'rule proof checking is not built yet' };
}
