/**
 * The checker's own reader of Datalog text. It deliberately shares no code with
 * src/rules (the duplication is the point: a checker that reused the engine's
 * parser would share its bugs), and it is kept small: it needs rules and
 * facts, not diagnostics — any trouble is one error with a position.
 */
export type Value = string | number;
export type Term = { t: 'var'; name: string } | { t: 'const'; value: Value } | { t: 'anon' };
export type Expr = Term | { t: 'op'; op: string; l: Expr; r: Expr };
export interface Atom {
  pred: string;
  args: Term[];
}
export type Lit =
  | { t: 'atom'; atom: Atom }
  | { t: 'not'; atom: Atom }
  | { t: 'cmp'; op: string; l: Expr; r: Expr }
  | { t: 'agg'; result: string; fn: string; target?: Expr; body: Lit[] };
export interface ParsedRule {
  head: Atom;
  body: Lit[];
}

export class TextError extends Error {}

const TOKEN = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[A-Za-z_][A-Za-z0-9_]*|:-|!=|<=|>=|[(),.!{}:=<>+\-*/]/y;

function tokens(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw new TextError(`cannot read the text at offset ${at}: ${JSON.stringify(text.slice(at, at + 20))}`);
    const s = m[0];
    if (/^\s/.test(s) || s.startsWith('//') || s.startsWith('/*')) continue;
    out.push(s);
  }
  return out;
}

/** `\n` and `\t` are newline and tab; a backslash before any other character keeps that character. */
function unescape(body: string): string {
  return body.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** All statements of a program: facts (empty body) and rules. */
export function readStatements(text: string): ParsedRule[] {
  const toks = tokens(text);
  let i = 0;
  const peek = (): string | undefined => toks[i];
  const take = (expected?: string): string => {
    const s = toks[i];
    if (s === undefined || (expected !== undefined && s !== expected)) throw new TextError(`expected ${expected ?? 'more text'}, found ${s ?? 'the end'}`);
    i++;
    return s;
  };
  const isName = (s: string | undefined): boolean => s !== undefined && /^[a-z]/.test(s);
  const term = (): Term => {
    const s = take();
    if (s === '_') return { t: 'anon' };
    if (/^[A-Z_]/.test(s)) return { t: 'var', name: s };
    if (s.startsWith('"')) return { t: 'const', value: unescape(s.slice(1, -1)) };
    if (/^\d/.test(s)) return { t: 'const', value: Number(s) };
    if (s === '-' && /^\d/.test(peek() ?? '')) return { t: 'const', value: -Number(take()) };
    throw new TextError(`expected a term, found ${s}`);
  };
  const atom = (): Atom => {
    const pred = take();
    if (!isName(pred)) throw new TextError(`expected a predicate, found ${pred}`);
    const args: Term[] = [];
    if (peek() === '(') {
      take('(');
      if (peek() !== ')') {
        args.push(term());
        while (peek() === ',') (take(','), args.push(term()));
      }
      take(')');
    }
    return { pred, args };
  };
  const primary = (): Expr => {
    if (peek() === '(') {
      take('(');
      const e = expr();
      take(')');
      return e;
    }
    return term();
  };
  const product = (): Expr => {
    let e = primary();
    while (peek() === '*' || peek() === '/') e = { t: 'op', op: take(), l: e, r: primary() };
    return e;
  };
  const expr = (): Expr => {
    let e = product();
    while (peek() === '+' || peek() === '-') e = { t: 'op', op: take(), l: e, r: product() };
    return e;
  };
  const literal = (): Lit => {
    if (peek() === '!') return (take(), { t: 'not', atom: atom() });
    if (peek() === 'not' && isName(toks[i + 1])) return (take(), { t: 'not', atom: atom() });
    if (isName(peek())) return { t: 'atom', atom: atom() };
    const l = expr();
    const op = take();
    if (!['=', '!=', '<', '<=', '>', '>='].includes(op)) throw new TextError(`expected a comparison, found ${op}`);
    if (op === '=' && l.t === 'var' && ['count', 'sum', 'min', 'max'].includes(peek() ?? '')) {
      const fn = take();
      const target = fn === 'count' ? undefined : expr();
      take(':');
      take('{');
      const body = literals();
      take('}');
      return { t: 'agg', result: l.name, fn, target, body };
    }
    return { t: 'cmp', op, l, r: expr() };
  };
  const literals = (): Lit[] => {
    const out = [literal()];
    while (peek() === ',') (take(','), out.push(literal()));
    return out;
  };
  const statements: ParsedRule[] = [];
  while (i < toks.length) {
    const head = atom();
    const body = peek() === ':-' ? (take(':-'), literals()) : [];
    take('.');
    statements.push({ head, body });
  }
  return statements;
}

/** A canonical spelling of a rule, so that two texts of one rule compare equal. */
export function canonical(rule: ParsedRule): string {
  const t = (x: Term): string => (x.t === 'var' ? x.name : x.t === 'anon' ? '_' : JSON.stringify(x.value));
  const e = (x: Expr): string => (x.t === 'op' ? `(${e(x.l)}${x.op}${e(x.r)})` : t(x));
  const a = (x: Atom): string => `${x.pred}(${x.args.map(t).join(',')})`;
  const l = (x: Lit): string =>
    x.t === 'atom' ? a(x.atom) : x.t === 'not' ? `!${a(x.atom)}` : x.t === 'cmp' ? `${e(x.l)}${x.op}${e(x.r)}` : `${x.result}=${x.fn} ${x.target ? e(x.target) : ''}:{${x.body.map(l).join(',')}}`;
  return `${a(rule.head)}:-${rule.body.map(l).join(',')}.`;
}
