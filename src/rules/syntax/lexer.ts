import type { Location } from './ast';

export type TokenKind = 'ident' | 'var' | 'string' | 'number' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Decoded value of string and number literals. */
  value?: string | number;
  loc: Location;
  /** Offset of the token's first character in the source, for rule texts. */
  start: number;
  end: number;
}

export class LexError {
  constructor(
    readonly message: string,
    readonly loc: Location,
    readonly hint: string,
  ) {}
}

// Longest first, so that `:-` wins over `:` and `<=` over `<`.
const PUNCTUATION = [':-', '!=', '<=', '>=', '(', ')', ',', '.', '!', '{', '}', ':', '=', '<', '>', '+', '-', '*', '/'];

/** Splits a program into tokens; `//` and `/* *\/` comments and whitespace are skipped. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  let line = 1;
  let lineStart = 0;
  const here = (at: number): Location => ({ line, column: at - lineStart + 1 });
  const advanceOver = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      if (source.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
  };
  while (offset < source.length) {
    const ch = source[offset];
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      advanceOver(offset, offset + 1);
      offset++;
      continue;
    }
    if (source.startsWith('//', offset)) {
      const end = source.indexOf('\n', offset);
      offset = end < 0 ? source.length : end;
      continue;
    }
    if (source.startsWith('/*', offset)) {
      const end = source.indexOf('*/', offset + 2);
      if (end < 0) throw new LexError('unterminated block comment', here(offset), 'close it with */');
      advanceOver(offset, end + 2);
      offset = end + 2;
      continue;
    }
    const loc = here(offset);
    const start = offset;
    if (ch === '"') {
      let value = '';
      offset++;
      for (;;) {
        if (offset >= source.length || source[offset] === '\n') {
          throw new LexError('unterminated string', loc, 'close the string with a double quote on the same line');
        }
        const c = source[offset];
        if (c === '"') break;
        if (c === '\\') {
          const escaped = source[offset + 1];
          const decoded = escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped;
          if (decoded === undefined) throw new LexError('unterminated string', loc, 'close the string');
          value += decoded;
          offset += 2;
          continue;
        }
        value += c;
        offset++;
      }
      offset++;
      tokens.push({ kind: 'string', text: source.slice(start, offset), value, loc, start, end: offset });
      continue;
    }
    const number = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(source.slice(offset, offset + 64));
    if (number) {
      offset += number[0].length;
      tokens.push({ kind: 'number', text: number[0], value: Number(number[0]), loc, start, end: offset });
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(offset, offset + 256));
    if (word) {
      offset += word[0].length;
      const kind = /^[a-z]/.test(word[0]) ? 'ident' : 'var';
      tokens.push({ kind, text: word[0], loc, start, end: offset });
      continue;
    }
    const punct = PUNCTUATION.find((p) => source.startsWith(p, offset));
    if (punct) {
      offset += punct.length;
      tokens.push({ kind: 'punct', text: punct, loc, start, end: offset });
      continue;
    }
    throw new LexError(`unexpected character ${JSON.stringify(ch)}`, loc, 'remove it, or quote it inside a string');
  }
  tokens.push({ kind: 'eof', text: 'end of input', loc: here(offset), start: offset, end: offset });
  return tokens;
}
