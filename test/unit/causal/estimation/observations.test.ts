import { isCausewayError } from '../../../../src/errors';
import { parseObservations } from '../../../../src/causal/estimation';

const schema = { variables: [{ id: 'A', states: ['no', 'yes'] }, { id: 'B' }] };

/** The typed error a parse throws: code, data line, message. */
function failure(text: string, s: Parameters<typeof parseObservations>[1] = schema): { code: string; line: unknown; message: string } {
  try {
    parseObservations(text, s);
  } catch (error) {
    if (!isCausewayError(error)) throw error;
    return { code: error.code, line: error.details?.line, message: error.message };
  }
  throw new Error('expected the parse to fail');
}

test('codes columns by declared states, and by natural order where undeclared', () => {
  const obs = parseObservations('A,B\nyes,10\nno,9\nyes,100\n', schema);
  expect(obs.names).toEqual(['A', 'B']);
  expect(obs.rows).toBe(3);
  expect(obs.states).toEqual([['no', 'yes'], ['9', '10', '100']]);
  expect(Array.from(obs.columns[0])).toEqual([1, 0, 1]);
  expect(Array.from(obs.columns[1])).toEqual([1, 0, 2]);
});

test('reads RFC 4180 quoting, CRLF, a BOM and blank lines', () => {
  const obs = parseObservations('\uFEFFB,A\r\n"x, ""quoted""",no\r\n\r\n"multi\nline",yes\r\n', schema);
  expect(obs.states[0]).toEqual(['multi\nline', 'x, "quoted"']);
  expect(obs.rows).toBe(2);
});

test('header columns need not cover every variable when only some are required', () => {
  const obs = parseObservations('A\nyes\n', { ...schema, required: ['A'] });
  expect(obs.names).toEqual(['A']);
});

test.each([
  ['ragged row', 'A,B\nyes,1\nno\n', 3, /1 fields, expected 2/],
  ['unknown column', 'A,B,C\nyes,1,2\n', 1, /unknown column "C"/],
  ['duplicate column', 'A,A\nyes,no\n', 1, /appears twice/],
  ['missing column', 'A\nyes\n', 1, /no column for variable "B"/],
  ['state not in the model', 'A,B\nyes,1\nmaybe,2\n', 3, /"maybe" is not a state of "A" \(the model declares no, yes\)/],
  ['empty value', 'A,B\nyes,\n', 2, /empty value in column "B"/],
  ['unterminated quote', 'A,B\nyes,"1\n', 2, /unterminated quoted field/],
  ['text after a closing quote', 'A,B\nyes,"1"x\n', 2, /text after a closing quote/],
  ['stray quote', 'A,B\nyes,1"\n', 2, /quote inside an unquoted field/],
  ['no rows', 'A,B\n', 1, /no observations/],
  ['empty file', '', 1, /empty/],
])('%s is a BAD_USER_INPUT naming its line', (_name, text, line, message) => {
  const f = failure(text);
  expect(f.code).toBe('BAD_USER_INPUT');
  expect(f.line).toBe(line);
  expect(f.message).toMatch(new RegExp(`^data line ${line}: `));
  expect(f.message).toMatch(message);
});

test('the line of a row after a multi-line quoted field counts the embedded line breaks', () => {
  expect(failure('A,B\nyes,"a\nb\nc"\nno\n').line).toBe(5);
});

test('a column with too many distinct values is refused as continuous data', () => {
  const rows = Array.from({ length: 20 }, (_, i) => `yes,${i}`).join('\n');
  const f = failure(`A,B\n${rows}\n`, { ...schema, maxStates: 10 });
  expect(f.code).toBe('BAD_USER_INPUT');
  expect(f.line).toBe(12);
  expect(f.message).toMatch(/more than 10 distinct values/);
});
