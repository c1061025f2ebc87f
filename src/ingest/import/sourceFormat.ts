import { badUserInput } from '../../errors';
import { formatOfPath, type DocumentFormat } from '../extract';
import type { ImportFormat } from './records';

/** The import format of a file or URL path: .jsonl/.ndjson, .csv, else a text document (.txt, .md, .html). */
export function formatOf(path: string, given?: ImportFormat): ImportFormat {
  if (given) return given;
  const clean = path.replace(/[?#].*$/, '').toLowerCase();
  if (clean.endsWith('.jsonl') || clean.endsWith('.ndjson')) return 'jsonl';
  if (clean.endsWith('.csv')) return 'csv';
  formatOfPath(clean);
  return 'text';
}

/** Which markup to strip from a text document; plain text when the name does not say. */
export function textFormatOf(path: string): DocumentFormat {
  try {
    return formatOfPath(path.replace(/[?#].*$/, ''));
  } catch {
    return 'txt';
  }
}

export function parseFormat(value: string | undefined): ImportFormat | undefined {
  if (value === undefined) return undefined;
  if (value === 'jsonl' || value === 'csv' || value === 'text') return value;
  throw badUserInput(`format must be jsonl, csv or text, got "${value}"`, 'format');
}
