import { badUserInput } from '../../errors';
import { validateEntityInput, validateRelationInput } from '../../services/kg';
import { splitCsv } from './csvRecords';
import { lineError, type ImportRecord, type LineError, type ParsedSource } from './records';

/**
 * CSV import of entities or relations, one kind per file, told apart by the
 * header: a file whose header has `from` and `to` holds relations
 * (id,type,from,to,strength,confidence,source), any other entities
 * (id,name,type,aliases,description,baseRate). Aliases are separated by `;`.
 * An empty cell leaves the field out (an update keeps the stored value).
 */
const ENTITY_COLUMNS = ['id', 'name', 'type', 'aliases', 'description', 'baserate'] as const;
const RELATION_COLUMNS = ['id', 'type', 'from', 'to', 'strength', 'confidence', 'source'] as const;
const NUMERIC = new Set(['baserate', 'strength', 'confidence']);
const FIELD_NAMES: Record<string, string> = { baserate: 'baseRate' };

export function parseCsv(text: string, file: string): ParsedSource {
  const split = splitCsv(text);
  const errors: LineError[] = split.malformed.map((m) => ({ file, line: m.line, reason: m.reason }));
  const [header, ...body] = split.rows;
  if (!header) return { records: [], errors, lines: split.lines };
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const kind = columns.includes('from') && columns.includes('to') ? 'relation' : 'entity';
  const allowed: readonly string[] = kind === 'relation' ? RELATION_COLUMNS : ENTITY_COLUMNS;
  const unknown = columns.filter((c) => !allowed.includes(c));
  if (unknown.length > 0) {
    const reason = `unknown column(s) ${unknown.join(', ')} for ${kind} CSV; expected ${allowed.join(',')}`;
    return { records: [], errors: [...errors, { file, line: header.line, reason }], lines: split.lines };
  }
  const records: ImportRecord[] = [];
  for (const row of body) {
    const origin = { file, line: row.line };
    try {
      if (row.fields.length !== columns.length) {
        throw badUserInput(`has ${row.fields.length} fields, the header has ${columns.length}`);
      }
      const value = objectOf(columns, row.fields);
      records.push(
        kind === 'relation'
          ? { kind, origin, value: validateRelationInput(value, 'relation') }
          : { kind, origin, value: validateEntityInput(value, 'entity') },
      );
    } catch (error) {
      errors.push(lineError(origin, error));
    }
  }
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { records, errors, lines: split.lines };
}

function objectOf(columns: string[], fields: string[]): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const cell = fields[i]!.trim();
    if (cell === '') return;
    const name = FIELD_NAMES[column] ?? column;
    if (column === 'aliases') value[name] = cell.split(';').map((alias) => alias.trim()).filter((alias) => alias !== '');
    else if (NUMERIC.has(column)) value[name] = Number.isFinite(Number(cell)) ? Number(cell) : cell;
    else value[name] = cell;
  });
  return value;
}
