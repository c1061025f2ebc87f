import { badUserInput } from '../../errors';
import { validateEntityInput, validateRelationInput } from '../../services/kg';
import { documentFromLine } from './documentRecord';
import { lineError, type ImportRecord, type ParsedSource } from './records';

/**
 * JSONL import: one JSON object a line, `"kind"` saying what it is —
 * `entity` (the GraphQL EntityInput fields), `relation` (RelationInput, with
 * `evidence: [{sentenceId, confidence}]`) or `document` (`id`, `uri?`,
 * `title?`, `sentences: [{text, start?, end?, mentions?}]`). Blank lines are
 * skipped; every other line either becomes a record or one error naming the
 * line — the rest of the file goes on.
 */
export function parseJsonl(text: string, file: string): ParsedSource {
  const records: ImportRecord[] = [];
  const errors = [];
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const origin = { file, line: i + 1 };
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      records.push(recordOf(JSON.parse(line) as unknown, origin));
    } catch (error) {
      errors.push(lineError(origin, error instanceof SyntaxError ? new Error(`not valid JSON: ${error.message}`) : error));
    }
  }
  return { records, errors, lines: lines.length };
}

function recordOf(value: unknown, origin: ImportRecord['origin']): ImportRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badUserInput('a line must be a JSON object');
  const { kind, ...row } = value as Record<string, unknown>;
  switch (kind) {
    case 'entity':
      return { kind, origin, value: validateEntityInput(row, 'entity') };
    case 'relation':
      return { kind, origin, value: validateRelationInput(row, 'relation') };
    case 'document':
      return { kind, origin, value: documentFromLine(row) };
    default:
      throw badUserInput(`"kind" must be "entity", "relation" or "document", got ${JSON.stringify(kind)}`, 'kind');
  }
}
