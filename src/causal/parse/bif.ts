import { invalidModel } from '../../errors';
import { buildCptModel, type CptInput, type CptVariableInput } from '../model/build';
import type { CausalModel } from '../model/types';

/**
 * BIF as bnlearn publishes it (the Interchange Format of Cozman, 1998):
 *   variable X { type discrete [ n ] { s1, …, sn }; }
 *   probability ( X | A, B ) { (a1, b1) p1, …, pn; … }   or   { table p1, …, pn; }
 * Rows are labelled by parent states, so any row order is accepted; CRLF,
 * comments and `property` clauses are tolerated; `default` fills unlisted rows.
 * Every syntax error names its line and column.
 */
export function parseBif(text: string): CausalModel {
  return new BifParser(tokenize(text)).parse();
}

interface Token {
  text: string;
  line: number;
  column: number;
}

const PUNCTUATION = new Set(['{', '}', '(', ')', '[', ']', ',', ';', '|']);

/** One sticky regex: whitespace, line comment, block comment, punctuation, or a word. */
const TOKEN = /([^\S\n]+)|(\n)|(\/\/[^\n]*)|(\/\*[\s\S]*?(?:\*\/|$))|([{}()[\],;|])|([^\s{}()[\],;|]+)/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(text)!;
    if (match[2]) {
      line++;
      lineStart = at + 1;
    } else if (match[4]) {
      for (let i = at; i < TOKEN.lastIndex; i++) {
        if (text.charCodeAt(i) === 10) {
          line++;
          lineStart = i + 1;
        }
      }
    } else if (match[5] || match[6]) {
      tokens.push({ text: match[0], line, column: at - lineStart + 1 });
    }
  }
  tokens.push({ text: '', line, column: text.length - lineStart + 1 });
  return tokens;
}

interface ProbabilityBlock {
  variable: Token;
  parents: Token[];
  rows: { labels: Token[] | 'default' | 'table'; values: number[]; at: Token }[];
}

class BifParser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): CausalModel {
    const variables: CptVariableInput[] = [];
    const declared = new Map<string, Token>();
    const blocks: ProbabilityBlock[] = [];
    while (this.peek().text !== '') {
      const keyword = this.next();
      if (keyword.text === 'network') this.skipNetwork();
      else if (keyword.text === 'variable') {
        const variable = this.parseVariable();
        if (declared.has(variable.id)) this.fail(keyword, `variable "${variable.id}" is declared twice`);
        declared.set(variable.id, keyword);
        variables.push(variable);
      } else if (keyword.text === 'probability') blocks.push(this.parseProbability());
      else this.fail(keyword, `expected "network", "variable" or "probability", found "${keyword.text}"`);
    }
    const statesOf = new Map(variables.map((v) => [v.id, v.states]));
    const cpts = blocks.map((block) => this.toCpt(block, statesOf));
    return buildCptModel(variables, cpts, { format: 'bif' });
  }

  private skipNetwork(): void {
    this.next(); // name (may be "unknown")
    this.skipBlock();
  }

  private skipBlock(): void {
    this.expect('{');
    let depth = 1;
    while (depth > 0) {
      const token = this.next();
      if (token.text === '') this.fail(token, 'unexpected end of file inside a block');
      if (token.text === '{') depth++;
      if (token.text === '}') depth--;
    }
  }

  private parseVariable(): CptVariableInput {
    const name = this.name();
    this.expect('{');
    let states: string[] | undefined;
    while (this.peek().text !== '}') {
      const keyword = this.next();
      if (keyword.text === 'property') this.skipTo(';');
      else if (keyword.text === 'type') {
        const kind = this.next();
        if (kind.text !== 'discrete') this.fail(kind, `only discrete variables are supported, found "${kind.text}"`);
        this.expect('[');
        const count = this.next();
        const declaredCount = Number(count.text);
        if (!Number.isInteger(declaredCount) || declaredCount < 1) this.fail(count, `expected a state count, found "${count.text}"`);
        this.expect(']');
        this.expect('{');
        states = this.list('}').map((t) => t.text);
        this.expect('}');
        this.expect(';');
        if (states.length !== declaredCount) {
          this.fail(count, `variable "${name.text}" declares ${declaredCount} states but lists ${states.length}`);
        }
      } else this.fail(keyword, `expected "type" or "property" in variable "${name.text}", found "${keyword.text}"`);
    }
    this.expect('}');
    if (!states) this.fail(name, `variable "${name.text}" has no "type discrete" clause`);
    return { id: name.text, states };
  }

  private parseProbability(): ProbabilityBlock {
    this.expect('(');
    const variable = this.name();
    let parents: Token[] = [];
    if (this.peek().text === '|') {
      this.next();
      parents = this.list(')');
    }
    this.expect(')');
    this.expect('{');
    const rows: ProbabilityBlock['rows'] = [];
    while (this.peek().text !== '}') {
      const first = this.next();
      if (first.text === 'property') this.skipTo(';');
      else if (first.text === 'table' || first.text === 'default') {
        rows.push({ labels: first.text, values: this.numbers(), at: first });
      } else if (first.text === '(') {
        const labels = this.list(')');
        this.expect(')');
        rows.push({ labels, values: this.numbers(), at: first });
      } else this.fail(first, `expected "(", "table" or "default" in the CPT of "${variable.text}", found "${first.text || 'end of file'}"`);
    }
    this.expect('}');
    return { variable, parents, rows };
  }

  private toCpt(block: ProbabilityBlock, statesOf: Map<string, readonly string[]>): CptInput {
    const child = this.known(block.variable, statesOf);
    const parentStates = block.parents.map((p) => this.known(p, statesOf));
    const width = child.length;
    const rowCount = parentStates.reduce((n, s) => n * s.length, 1);
    const table: (number[] | undefined)[] = new Array(rowCount).fill(undefined);
    let fallback: number[] | undefined;
    for (const row of block.rows) {
      if (row.values.length !== (row.labels === 'table' ? rowCount * width : width)) {
        this.fail(row.at, `CPT of "${block.variable.text}": expected ${row.labels === 'table' ? rowCount * width : width} probabilities, found ${row.values.length}`);
      }
      if (row.labels === 'default') fallback = row.values;
      else if (row.labels === 'table') {
        if (block.parents.length > 0) this.fail(row.at, `"table" with parents is ambiguous in BIF; use rows labelled by parent states`);
        table[0] = row.values;
      } else {
        const labels = row.labels;
        if (labels.length !== parentStates.length) {
          this.fail(row.at, `CPT of "${block.variable.text}": a row needs ${parentStates.length} parent states, found ${labels.length}`);
        }
        let index = 0;
        labels.forEach((label, i) => {
          const s = parentStates[i]!.indexOf(label.text);
          if (s < 0) this.fail(label, `"${label.text}" is not a state of "${block.parents[i]!.text}"`);
          index = index * parentStates[i]!.length + s;
        });
        if (table[index]) this.fail(row.at, `CPT of "${block.variable.text}" lists the row (${labels.map((l) => l.text).join(', ')}) twice`);
        table[index] = row.values;
      }
    }
    const rows = table.map((row, r) => {
      if (row) return row;
      if (fallback) return fallback;
      this.fail(block.variable, `CPT of "${block.variable.text}" has no row for parent configuration ${r} and no default`);
    });
    return { variable: block.variable.text, parents: block.parents.map((p) => p.text), table: rows };
  }

  private known(token: Token, statesOf: Map<string, readonly string[]>): readonly string[] {
    const states = statesOf.get(token.text);
    if (!states) this.fail(token, `unknown variable "${token.text}"`);
    return states;
  }

  private numbers(): number[] {
    const values: number[] = [];
    for (;;) {
      const token = this.next();
      const value = Number(token.text);
      if (token.text === '' || !Number.isFinite(value)) this.fail(token, `expected a probability, found "${token.text || 'end of file'}"`);
      values.push(value);
      const separator = this.next();
      if (separator.text === ';') return values;
      if (separator.text !== ',') this.fail(separator, `expected "," or ";", found "${separator.text || 'end of file'}"`);
    }
  }

  /** Names separated by commas, up to (not including) `close`. */
  private list(close: string): Token[] {
    const items: Token[] = [];
    if (this.peek().text === close) return items;
    for (;;) {
      items.push(this.name());
      if (this.peek().text !== ',') return items;
      this.next();
    }
  }

  private name(): Token {
    const token = this.next();
    if (token.text === '' || PUNCTUATION.has(token.text)) this.fail(token, `expected a name, found "${token.text || 'end of file'}"`);
    return token;
  }

  private skipTo(text: string): void {
    while (this.peek().text !== text) {
      if (this.peek().text === '') this.fail(this.peek(), `expected "${text}" before the end of file`);
      this.next();
    }
    this.next();
  }

  private expect(text: string): Token {
    const token = this.next();
    if (token.text !== text) this.fail(token, `expected "${text}", found "${token.text || 'end of file'}"`);
    return token;
  }

  private peek(): Token {
    return this.tokens[this.at]!;
  }

  private next(): Token {
    const token = this.tokens[this.at]!;
    if (this.at < this.tokens.length - 1) this.at++;
    return token;
  }

  private fail(token: Token, message: string): never {
    throw invalidModel(`BIF line ${token.line}, column ${token.column}: ${message}`, { line: token.line, column: token.column });
  }
}
