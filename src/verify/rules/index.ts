import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { VerifyOutcome } from '../VerifyOutcome';
import { checkDerivations, type Fact } from './checkDerivations';
import { readStatements } from './datalogText';

/**
 * Checks the JSON printed by `causeway rules eval --proofs`: re-reads the
 * program and facts files it names (their sha256 must match), then replays
 * every derivation (checkDerivations). Shares no code with src/rules, on
 * purpose: see datalogText.ts.
 */
export function verifyRulesOutput(doc: unknown, options: { baseDir: string }): VerifyOutcome {
  const output = doc as { facts?: unknown; proofs?: unknown };
  if (output.proofs === null || typeof output.proofs !== 'object') {
    return { valid: false, step: 'shape', reason: '"proofs" is empty: print them with `rules eval --proofs`' };
  }
  const proofs = output.proofs as { format?: unknown; program?: unknown; factsFiles?: unknown; derivations?: unknown };
  if (proofs.format !== 'causeway.rules.proofs/1') return { valid: false, step: 'shape', reason: `unknown proof format ${JSON.stringify(proofs.format)}` };
  if (!isSource(proofs.program) || !Array.isArray(proofs.factsFiles) || !proofs.factsFiles.every(isSource) || !Array.isArray(proofs.derivations)) {
    return { valid: false, step: 'shape', reason: 'expected proofs.program {path, sha256}, proofs.factsFiles [{path, sha256}] and proofs.derivations []' };
  }
  if (output.facts === null || typeof output.facts !== 'object' || Array.isArray(output.facts)) {
    return { valid: false, step: 'shape', reason: '"facts" must be an object of predicate → tuples' };
  }
  const program = readChecked(proofs.program, options.baseDir, 'program');
  if (typeof program !== 'string') return program;
  let statements;
  try {
    statements = readStatements(program);
  } catch (error) {
    return { valid: false, step: 'program', reason: (error as Error).message };
  }
  const givenFacts: Fact[] = [];
  for (const source of proofs.factsFiles) {
    const text = readChecked(source, options.baseDir, `facts file ${source.path}`);
    if (typeof text !== 'string') return text;
    for (const line of text.split('\n')) {
      const clean = line.endsWith('\r') ? line.slice(0, -1) : line;
      if (clean.trim() === '') continue;
      const [predicate, ...fields] = clean.split('\t');
      givenFacts.push({ predicate, args: fields.map((f) => (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(f) && Number.isFinite(Number(f)) ? Number(f) : f)) });
    }
  }
  return checkDerivations({ statements, givenFacts, resultFacts: output.facts as Record<string, never>, derivations: proofs.derivations });
}

function isSource(x: unknown): x is { path: string; sha256: string } {
  return x !== null && typeof x === 'object' && typeof (x as { path?: unknown }).path === 'string' && typeof (x as { sha256?: unknown }).sha256 === 'string';
}

/** The file's text if it reads and its digest is the recorded one, else why not. */
function readChecked(source: { path: string; sha256: string }, baseDir: string, step: string): string | VerifyOutcome {
  let text: string;
  try {
    text = readFileSync(resolve(baseDir, source.path), 'utf8');
  } catch (error) {
    return { valid: false, step, reason: `cannot read ${source.path}: ${(error as Error).message}` };
  }
  const digest = createHash('sha256').update(text, 'utf8').digest('hex');
  if (digest !== source.sha256) return { valid: false, step, reason: `${source.path} changed since the proofs were made (sha256 ${digest}, recorded ${source.sha256})` };
  return text;
}
