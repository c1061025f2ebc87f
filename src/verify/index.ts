export type { VerifyOutcome } from './VerifyOutcome';
export { verifyRulesOutput } from './rules';
export { verifyCausalOutput } from './causal';
export { verifyIdentificationCertificate } from './identification';
export { verifyEstimateCertificate } from './estimation';
