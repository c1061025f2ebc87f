import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../config';
import { assertIdentifier } from '../../graph';
import { invariant } from '../../errors';

/**
 * The few statements whose text depends on data — a relationship type, a
 * variable-length bound — live in cypher/<domain>/<name>.template.cypher with
 * `{{placeholders}}`. Only checked identifiers (backtick-quoted by
 * assertIdentifier) and integers are substituted; values stay parameters.
 */
const cache = new Map<string, string>();

function template(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(projectRoot(), 'cypher', `${name}.template.cypher`), 'utf8');
    cache.set(name, text);
  }
  return text;
}

export function renderWithType(name: string, relationshipType: string, field: string): string {
  return template(name).replace(/\{\{type\}\}/g, assertIdentifier(relationshipType, field));
}

export function renderWithDepth(name: string, maxDepth: number): string {
  invariant(Number.isSafeInteger(maxDepth) && maxDepth >= 1, 'maxDepth is a checked positive integer');
  return template(name).replace(/\{\{maxDepth\}\}/g, String(maxDepth));
}
