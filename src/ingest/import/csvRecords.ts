import { parse } from 'csv-parse/sync';

export interface CsvRow {
  /** 1-based physical line where the record starts. */
  line: number;
  fields: string[];
}

export interface CsvSplit {
  rows: CsvRow[];
  /** Records that are not CSV (a stray quote…), one per record. */
  malformed: { line: number; reason: string }[];
  lines: number;
}

/**
 * RFC 4180 records with the line each starts on. A quoted field may span
 * lines; a record that cannot be parsed is reported and parsing resumes at
 * the next physical line, so one bad quote does not swallow the file.
 */
export function splitCsv(text: string): CsvSplit {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const rows: CsvRow[] = [];
  const malformed: CsvSplit['malformed'] = [];
  let i = 0;
  while (i < lines.length) {
    const start = i;
    let record = lines[i]!;
    // An odd number of quotes leaves a quoted field open: it continues on the next line.
    while (quoteCount(record) % 2 === 1 && i + 1 < lines.length) record += `\n${lines[++i]}`;
    i++;
    if (record.trim() === '') continue;
    try {
      const parsed = parse(record, { relax_column_count: true }) as string[][];
      if (parsed.length !== 1) throw new Error('expected one record');
      rows.push({ line: start + 1, fields: parsed[0]! });
    } catch (error) {
      malformed.push({ line: start + 1, reason: `not a CSV record: ${(error as Error).message}` });
      i = start + 1;
    }
  }
  return { rows, malformed, lines: lines.length };
}

function quoteCount(text: string): number {
  let n = 0;
  for (const c of text) if (c === '"') n++;
  return n;
}
