/** Every diagnostic code, with the position it points at and its hint. */
import { compile, formatDiagnostic, type Diagnostic } from '../../../src/rules';

function diagnosticsOf(source: string): Diagnostic[] {
  const result = compile(source);
  return result.ok ? result.value.warnings : result.error;
}

describe('parse errors (DL001)', () => {
  test.each([
    ['missing period', 'p(X) :- q(X)', 1, 13, 'expected "."'],
    ['unclosed arguments', 'p(X :- q(X).', 1, 5, 'expected ")"'],
    ['upper-case predicate', 'P(X) :- q(X).', 1, 1, 'expected a rule head'],
    ['unquoted lower-case constant', 'p(x).', 1, 3, 'expected a variable or a constant'],
    ['bad body literal', 'p(X) :- q(X), X.', 2 - 1, 16, 'expected a comparison operator'],
    ['unterminated string', 'p("abc).', 1, 3, 'unterminated string'],
    ['unterminated comment', 'p(1). /* never closed', 1, 7, 'unterminated block comment'],
    ['stray character', 'p(1) :- q(1) & r(1).', 1, 14, 'unexpected character'],
    ['aggregate without braces', 'p(N) :- N = count : q(_).', 1, 21, 'expected "{"'],
  ])('%s', (_, source, line, column, message) => {
    const [first] = diagnosticsOf(source);
    expect(first).toMatchObject({ code: 'DL001', severity: 'error', line, column });
    expect(first.message).toContain(message);
    expect(first.hint).toBeTruthy();
  });

  test('reports every broken statement, not only the first', () => {
    const codes = diagnosticsOf('p(X :- q(X).\nok(1).\nr(Y) :- s(Y)\nt(1).');
    expect(codes.map((d) => [d.code, d.line])).toEqual([
      ['DL001', 1],
      ['DL001', 4],
    ]);
  });

  test('comments are skipped and positions count lines', () => {
    const [d] = diagnosticsOf('// a comment\n/* a block\n comment */ p(X) :- q(Y).');
    expect(d).toMatchObject({ code: 'DL002', line: 3, column: 15 });
  });
});

describe('analysis', () => {
  test.each([
    ['DL002', 'head variable not bound', 'e(1).\np(X) :- e(Y).', 2, 3],
    ['DL002', '_ in a head', 'e(1).\np(_) :- e(1).', 2, 3],
    ['DL002', 'head variable only in a negation', 'e(1).\np(X) :- e(1), !e(X).', 2, 3],
    ['DL003', 'negated variable not bound', 'e(1).\np(X) :- e(X), !e(Y).', 2, 15],
    ['DL004', 'compared variable not bound', 'e(1).\np(X) :- e(X), Y > 3.', 2, 15],
    ['DL004', 'arithmetic on an unbound variable', 'e(1).\np(X, Z) :- e(X), Z = Y + 1.', 2, 18],
    ['DL005', 'negation through recursion', 'e(1).\np(X) :- e(X), !q(X).\nq(X) :- p(X).', 2, 15],
    ['DL006', 'aggregation through recursion', 'e(1).\nc(X, N) :- e(X), N = count : { c(X, _) }.', 2, 32],
    ['DL007', 'arity clash', 'e(1).\np(X) :- e(X, Y).', 2, 9],
    ['DL008', 'arithmetic in recursion', 'n(0).\nn(Y) :- n(X), Y = X + 1.', 2, 3],
    ['DL009', 'negation inside an aggregate', 'e(1).\np(N) :- N = count : { e(X), !e(X) }.', 2, 29],
    ['DL009', 'unbound group variable', 'e(1, 2).\np(N) :- e(_, _), N = count : { e(X, _) }, X > 0.', 2, 18],
    ['DL010', 'variable in a fact', 'p(X).', 1, 3],
  ])('%s: %s', (code, _, source, line, column) => {
    const found = diagnosticsOf(source).filter((d) => d.code === code);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ severity: 'error', line, column });
    expect(found[0].hint).toBeTruthy();
    expect(compile(source).ok).toBe(false);
  });

  test('DL005 names the cycle', () => {
    const [d] = diagnosticsOf('e(1).\np(X) :- e(X), !q(X).\nq(X) :- r(X).\nr(X) :- p(X).').filter((x) => x.code === 'DL005');
    expect(d.message).toContain('p/1 -> q/1 -> r/1 -> p/1');
  });

  test('the win-move game is not stratifiable (DL005 on win/1 -> win/1)', () => {
    const [d] = diagnosticsOf('move("a", "b").\nwin(X) :- move(X, Y), !win(Y).');
    expect(d).toMatchObject({ code: 'DL005', line: 2, column: 23, message: 'negation through recursion: win/1 -> win/1' });
  });

  test('DL008 also sees values copied from arithmetic', () => {
    expect(diagnosticsOf('n(0).\nn(Z) :- n(X), Y = X * 2, Z = Y.').map((d) => d.code)).toContain('DL008');
  });

  test('arithmetic outside recursion and comparisons inside it are accepted', () => {
    expect(compile('n(0). m(1).\nk(Y) :- n(X), Y = X + 1.\np(X) :- n(X).\np(Y) :- p(X), m(Y), Y > X.').ok).toBe(true);
  });

  test('DL101: an undefined predicate is a warning with a "did you mean"', () => {
    const result = compile('edge(1, 2).\npath(X, Y) :- edges(X, Y).\nq(X) :- zzz(X).');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.warnings).toEqual([
      expect.objectContaining({ code: 'DL101', severity: 'warning', line: 2, column: 15, hint: expect.stringContaining('did you mean edge?') }),
      expect.objectContaining({ code: 'DL101', line: 3, hint: expect.not.stringContaining('did you mean') }),
    ]);
  });

  test('p/1 and p/2 are different predicates, not a clash', () => {
    expect(compile('p(1). p(1, 2).\nq(X) :- p(X), p(X, _).').ok).toBe(true);
  });

  test('formatting: file:line:col: severity code: message, then the hint', () => {
    const [d] = diagnosticsOf('p(X) :- q(Y).');
    expect(formatDiagnostic(d, 'rules.dl')).toMatch(/^rules\.dl:1:3: error DL002: head variable X .*\n {2}hint: /);
  });
});
