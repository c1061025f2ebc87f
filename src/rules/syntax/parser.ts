import { diagnostic, type Diagnostic } from '../Diagnostic';
import type { AggregateFn, Atom, CompareOp, Expr, Literal, Location, ProgramAst, Rule, Term } from './ast';
import { LexError, tokenize, type Token } from './lexer';

const COMPARE_OPS = new Set(['=', '!=', '<', '<=', '>', '>=']);
const AGGREGATE_FNS = new Set(['count', 'sum', 'min', 'max']);

class ParseError {
  constructor(
    readonly message: string,
    readonly loc: Location,
    readonly hint: string,
  ) {}
}

/**
 * Recursive-descent parser for statements `head.` and `head :- body.`.
 * After an error it skips to the next `.` and goes on, so one run reports
 * every broken statement (DL001), not only the first.
 */
export function parse(source: string): { ast: ProgramAst; diagnostics: Diagnostic[] } {
  let tokens: Token[];
  try {
    tokens = tokenize(source);
  } catch (error) {
    if (error instanceof LexError) {
      return { ast: { facts: [], rules: [] }, diagnostics: [diagnostic('DL001', error.loc, error.message, error.hint)] };
    }
    throw error;
  }
  const parser = new Parser(source, tokens);
  return parser.program();
}

class Parser {
  private pos = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  program(): { ast: ProgramAst; diagnostics: Diagnostic[] } {
    const ast: ProgramAst = { facts: [], rules: [] };
    const diagnostics: Diagnostic[] = [];
    while (this.peek().kind !== 'eof') {
      const startPos = this.pos;
      try {
        const rule = this.statement();
        if (rule.body.length === 0) ast.facts.push(rule.head);
        else ast.rules.push(rule);
      } catch (error) {
        if (!(error instanceof ParseError)) throw error;
        diagnostics.push(diagnostic('DL001', error.loc, error.message, error.hint));
        this.recover(startPos);
      }
    }
    return { ast, diagnostics };
  }

  /** Skips past the next `.` that ends a statement (not one inside braces). */
  private recover(startPos: number): void {
    if (this.pos === startPos) this.pos++;
    while (this.peek().kind !== 'eof') {
      const token = this.next();
      if (token.kind === 'punct' && token.text === '.') return;
    }
  }

  private statement(): Rule {
    const first = this.peek();
    const head = this.atom('a rule head or fact (a lower-case predicate)');
    const body: Literal[] = [];
    if (this.acceptPunct(':-')) {
      body.push(...this.literals());
    }
    const dot = this.expectPunct('.', 'end each statement with a period');
    return { head, body, loc: first.loc, text: this.source.slice(first.start, dot.end) };
  }

  private literals(): Literal[] {
    const body = [this.literal()];
    while (this.acceptPunct(',')) body.push(this.literal());
    return body;
  }

  private literal(): Literal {
    const token = this.peek();
    if (this.acceptPunct('!')) {
      return { kind: 'negated', atom: this.atom('an atom after !'), loc: token.loc };
    }
    if (token.kind === 'ident' && token.text === 'not' && this.peek(1).kind === 'ident') {
      this.next();
      return { kind: 'negated', atom: this.atom('an atom after not'), loc: token.loc };
    }
    if (token.kind === 'ident') {
      const atom = this.atom('an atom');
      return { kind: 'positive', atom, loc: token.loc };
    }
    const left = this.expr();
    const opToken = this.peek();
    if (opToken.kind !== 'punct' || !COMPARE_OPS.has(opToken.text)) {
      throw this.error(`expected a comparison operator (=, !=, <, <=, >, >=), found ${describe(opToken)}`, opToken, 'a body literal is an atom, a negated atom, a comparison or an aggregate');
    }
    this.next();
    const op = opToken.text as CompareOp;
    const fnToken = this.peek();
    if (op === '=' && fnToken.kind === 'ident' && AGGREGATE_FNS.has(fnToken.text)) {
      if (left.kind !== 'var') throw this.error('an aggregate must be assigned to a variable', token, 'write N = count : { … }');
      return this.aggregate(left, token.loc);
    }
    return { kind: 'compare', op, left, right: this.expr(), loc: token.loc };
  }

  private aggregate(result: Extract<Term, { kind: 'var' }>, loc: Location): Literal {
    const fn = this.next().text as AggregateFn;
    let target: Expr | undefined;
    if (fn !== 'count') target = this.expr();
    this.expectPunct(':', `write ${fn}${fn === 'count' ? '' : ' X'} : { body }`);
    this.expectPunct('{', 'an aggregate body is written in braces');
    const body = this.literals();
    this.expectPunct('}', 'close the aggregate body with }');
    return { kind: 'aggregate', result, fn, target, body, loc };
  }

  private atom(expected: string): Atom {
    const name = this.peek();
    if (name.kind !== 'ident') {
      throw this.error(`expected ${expected}, found ${describe(name)}`, name, name.kind === 'var' ? 'predicates start with a lower-case letter; variables with an upper-case one' : 'a predicate name is lower-case: edge(X, Y)');
    }
    this.next();
    const args: Term[] = [];
    if (this.acceptPunct('(')) {
      if (!this.acceptPunct(')')) {
        args.push(this.term());
        while (this.acceptPunct(',')) args.push(this.term());
        this.expectPunct(')', 'close the argument list with )');
      }
    }
    return { predicate: name.text, args, loc: name.loc };
  }

  /** Arguments of atoms: variables, `_`, constants (a leading minus makes a negative number). */
  private term(): Term {
    const token = this.peek();
    if (token.kind === 'var') {
      this.next();
      return token.text === '_' ? { kind: 'anon', loc: token.loc } : { kind: 'var', name: token.text, loc: token.loc };
    }
    if (token.kind === 'string' || token.kind === 'number') {
      this.next();
      return { kind: 'const', value: token.value as string | number, loc: token.loc };
    }
    if (token.kind === 'punct' && token.text === '-' && this.peek(1).kind === 'number') {
      this.next();
      return { kind: 'const', value: -(this.next().value as number), loc: token.loc };
    }
    throw this.error(`expected a variable or a constant, found ${describe(token)}`, token, token.kind === 'ident' ? 'string constants are double-quoted: "alice"; variables start with an upper-case letter' : 'arguments are variables, _, "strings" or numbers');
  }

  // expr := product (('+'|'-') product)* ; product := primary (('*'|'/') primary)*
  private expr(): Expr {
    let left = this.product();
    for (;;) {
      const op = this.peek();
      if (op.kind === 'punct' && (op.text === '+' || op.text === '-')) {
        this.next();
        left = { kind: 'binary', op: op.text, left, right: this.product(), loc: op.loc };
      } else return left;
    }
  }

  private product(): Expr {
    let left = this.primary();
    for (;;) {
      const op = this.peek();
      if (op.kind === 'punct' && (op.text === '*' || op.text === '/')) {
        this.next();
        left = { kind: 'binary', op: op.text, left, right: this.primary(), loc: op.loc };
      } else return left;
    }
  }

  private primary(): Expr {
    if (this.acceptPunct('(')) {
      const inner = this.expr();
      this.expectPunct(')', 'close the parenthesis');
      return inner;
    }
    return this.term();
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)];
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.pos++;
    return token;
  }

  private acceptPunct(text: string): boolean {
    const token = this.peek();
    if (token.kind === 'punct' && token.text === text) {
      this.pos++;
      return true;
    }
    return false;
  }

  private expectPunct(text: string, hint: string): Token {
    const token = this.peek();
    if (token.kind === 'punct' && token.text === text) {
      this.pos++;
      return token;
    }
    throw this.error(`expected "${text}", found ${describe(token)}`, token, hint);
  }

  private error(message: string, token: Token, hint: string): ParseError {
    return new ParseError(message, token.loc, hint);
  }
}

function describe(token: Token): string {
  return token.kind === 'eof' ? 'end of input' : `"${token.text}"`;
}
