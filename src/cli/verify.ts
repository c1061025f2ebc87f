import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  verifyCausalOutput,
  verifyEstimateCertificate,
  verifyIdentificationCertificate,
  verifyRulesOutput,
  type VerifyOutcome,
} from '../verify';
import { EXIT_FAILURE, EXIT_OK } from './exitCodes';
import { runAction, UsageError } from './runAction';

/**
 * `causeway verify FILE`: takes the whole JSON any reasoning command printed
 * and re-checks it with the independent checkers of src/verify.
 */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('re-check a proof or certificate printed by `rules eval --proofs` or a `causal` command')
    .argument('<file>', 'JSON printed by a command that emits proofs or a certificate')
    .action(
      runAction((file: string) => {
        const path = resolve(file);
        let doc: unknown;
        try {
          doc = JSON.parse(readFileSync(path, 'utf8'));
        } catch (error) {
          throw new UsageError(`cannot read JSON from ${file}: ${(error as Error).message}`);
        }
        const outcome = verifyDocument(doc, dirname(path));
        if (outcome.valid) {
          process.stderr.write(`valid: ${outcome.checked}\n`);
          return EXIT_OK;
        }
        process.stderr.write(`invalid: step ${outcome.step}: ${outcome.reason}\n`);
        return EXIT_FAILURE;
      }),
    );
}

function verifyDocument(doc: unknown, baseDir: string): VerifyOutcome {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return { valid: false, step: 'shape', reason: 'expected a JSON object' };
  }
  if ('certificate' in doc) {
    const certificate = (doc as { certificate: unknown }).certificate;
    const { kind, type } = certificate !== null && typeof certificate === 'object' ? (certificate as { kind?: unknown; type?: unknown }) : {};
    if (kind === 'identification') return verifyIdentificationCertificate(doc);
    if (type === 'causeway.causal.estimate') return verifyEstimateCertificate(doc);
    return verifyCausalOutput(doc, { baseDir });
  }
  if ('proofs' in doc) return verifyRulesOutput(doc, { baseDir });
  return { valid: false, step: 'shape', reason: 'neither "proofs" nor "certificate" found: nothing to verify' };
}
