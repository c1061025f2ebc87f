import { badUserInput } from '../../errors';

/**
 * Discrete observations, column-major: one Int32Array of state codes per
 * variable, so counting never allocates per row. `states[c][code]` names a code.
 */
export interface Observations {
  readonly names: readonly string[];
  readonly states: readonly (readonly string[])[];
  readonly columns: readonly Int32Array[];
  readonly rows: number;
}

/** What the model says about the columns: its variables, with their states where it declares them. */
export interface ObservationSchema {
  readonly variables: readonly { readonly id: string; readonly states?: readonly string[] }[];
  /** Variables that must have a column (default: all of the model's). */
  readonly required?: readonly string[];
  /** Most distinct values a column without declared states may take (default 256): a guard against continuous data. */
  readonly maxStates?: number;
}

export const DEFAULT_MAX_STATES = 256;

/**
 * Reads CSV text (RFC 4180: comma-separated, `"…"` quoting with `""` escapes,
 * quoted fields may span lines, LF or CRLF, blank lines skipped). The first
 * row names the variables. Every mistake is a BAD_USER_INPUT naming the line:
 * ragged rows, unknown or duplicate columns, missing required columns, empty
 * values, values outside the states the model declares.
 *
 * Undeclared states are the distinct values seen, in natural order (numeric
 * when every value is a number, else by code unit), so a refit of the same
 * data always numbers states the same way.
 */
export function parseObservations(text: string, schema: ObservationSchema): Observations {
  const records = csvRecords(text.replace(/^\uFEFF/, ''));
  const header = records.next();
  if (header.done) throw dataError('the CSV is empty: expected a header row naming the variables', 1);
  const { fields: names, line: headerLine } = header.value;
  const declared = new Map(schema.variables.map((v) => [v.id, v.states]));
  const seenNames = new Set<string>();
  for (const name of names) {
    if (!declared.has(name)) {
      throw dataError(`unknown column "${name}": the model has no such variable (it has ${[...declared.keys()].join(', ')})`, headerLine, { column: name });
    }
    if (seenNames.has(name)) throw dataError(`column "${name}" appears twice in the header`, headerLine, { column: name });
    seenNames.add(name);
  }
  for (const id of schema.required ?? declared.keys()) {
    if (!seenNames.has(id)) throw dataError(`no column for variable "${id}"`, headerLine, { variable: id });
  }

  const width = names.length;
  const maxStates = schema.maxStates ?? DEFAULT_MAX_STATES;
  const codeOf = names.map((name) => new Map((declared.get(name) ?? []).map((s, i) => [s, i] as [string, number])));
  const fixed = names.map((name) => declared.get(name) !== undefined);
  const seen: string[][] = names.map((name) => [...(declared.get(name) ?? [])]);
  let capacity = 1024;
  let columns = names.map(() => new Int32Array(capacity));
  let rows = 0;
  for (const { fields, line } of records) {
    if (fields.length !== width) throw dataError(`${fields.length} fields, expected ${width} (the header's)`, line);
    if (rows === capacity) {
      capacity *= 2;
      columns = columns.map((c) => {
        const grown = new Int32Array(capacity);
        grown.set(c);
        return grown;
      });
    }
    for (let c = 0; c < width; c++) {
      const value = fields[c];
      let code = codeOf[c].get(value);
      if (code === undefined) {
        if (value === '') throw dataError(`empty value in column "${names[c]}" (missing values are not supported)`, line, { column: names[c] });
        if (fixed[c]) {
          throw dataError(`"${value}" is not a state of "${names[c]}" (the model declares ${seen[c].join(', ')})`, line, { column: names[c], value });
        }
        if (seen[c].length === maxStates) {
          throw dataError(`column "${names[c]}" has more than ${maxStates} distinct values; estimation needs discrete data (bin it first)`, line, { column: names[c] });
        }
        code = seen[c].length;
        codeOf[c].set(value, code);
        seen[c].push(value);
      }
      columns[c][rows] = code;
    }
    rows++;
  }
  if (rows === 0) throw dataError('the CSV has a header but no observations', headerLine);
  const states: string[][] = [];
  const finalColumns = columns.map((column, c) => {
    const trimmed = column.slice(0, rows);
    if (fixed[c]) {
      states.push(seen[c]);
      return trimmed;
    }
    const order = naturalOrder(seen[c]);
    states.push(order.map((i) => seen[c][i]));
    const recode = new Int32Array(order.length);
    order.forEach((old, position) => (recode[old] = position));
    for (let r = 0; r < rows; r++) trimmed[r] = recode[trimmed[r]];
    return trimmed;
  });
  return { names: [...names], states, columns: finalColumns, rows };
}

function naturalOrder(values: readonly string[]): number[] {
  const index = values.map((_, i) => i);
  const numeric = values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  return numeric
    ? index.sort((a, b) => Number(values[a]) - Number(values[b]) || (values[a] < values[b] ? -1 : 1))
    : index.sort((a, b) => (values[a] < values[b] ? -1 : values[a] > values[b] ? 1 : 0));
}

function dataError(message: string, line: number, details: Record<string, unknown> = {}) {
  return badUserInput(`data line ${line}: ${message}`, 'data', { line, ...details });
}

/** One CSV record and the line it starts on (1-based). */
interface CsvRecord {
  fields: string[];
  line: number;
}

/** RFC 4180 records; a line holding nothing at all is skipped. */
function* csvRecords(text: string): Generator<CsvRecord> {
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    // A blank line (LF or CRLF) is no record.
    if (text.charCodeAt(i) === 10) {
      i++;
      line++;
      continue;
    }
    if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) {
      i += 2;
      line++;
      continue;
    }
    const fields: string[] = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === 34) {
        // Quoted field: "" is a quote; commas and line breaks are literal.
        let out = '';
        let from = ++i;
        for (;;) {
          if (i >= n) throw dataError('unterminated quoted field', start);
          const ch = text.charCodeAt(i);
          if (ch === 34) {
            if (text.charCodeAt(i + 1) === 34) {
              out += text.slice(from, i + 1);
              i += 2;
              from = i;
              continue;
            }
            out += text.slice(from, i);
            i++;
            break;
          }
          if (ch === 10) line++;
          i++;
        }
        value = out;
        const next = text.charCodeAt(i);
        if (i < n && next !== 44 && next !== 10 && !(next === 13 && text.charCodeAt(i + 1) === 10)) {
          throw dataError('text after a closing quote (quote the whole field, doubling inner quotes)', line);
        }
      } else {
        const from = i;
        while (i < n) {
          const ch = text.charCodeAt(i);
          if (ch === 44 || ch === 10 || (ch === 13 && text.charCodeAt(i + 1) === 10)) break;
          i++;
        }
        value = text.slice(from, i);
        if (value.includes('"')) throw dataError('a quote inside an unquoted field', line);
      }
      fields.push(value);
      if (i < n && text.charCodeAt(i) === 44) {
        i++;
        continue;
      }
      // End of record: consume the line break.
      if (i < n) {
        i += text.charCodeAt(i) === 13 ? 2 : 1;
        line++;
      }
      break;
    }
    yield { fields, line: start };
  }
}
