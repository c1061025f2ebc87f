/**
 * The abstract syntax of Causeway's Datalog (the notation of Soufflé, RDFox and
 * Nemo; docs/rules.md is the language reference). Every node keeps where it
 * came from so that analysis can point at it.
 */
export interface Location {
  line: number;
  column: number;
}

export type Constant = string | number;

export type Term =
  | { kind: 'var'; name: string; loc: Location }
  | { kind: 'const'; value: Constant; loc: Location }
  | { kind: 'anon'; loc: Location };

export type ArithmeticOp = '+' | '-' | '*' | '/';
export type Expr = Term | { kind: 'binary'; op: ArithmeticOp; left: Expr; right: Expr; loc: Location };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type AggregateFn = 'count' | 'sum' | 'min' | 'max';

export interface Atom {
  predicate: string;
  args: Term[];
  loc: Location;
}

export type Literal =
  | { kind: 'positive'; atom: Atom; loc: Location }
  | { kind: 'negated'; atom: Atom; loc: Location }
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr; loc: Location }
  | {
      kind: 'aggregate';
      /** The variable the aggregate's value is bound to: `N` in `N = count : { … }`. */
      result: Extract<Term, { kind: 'var' }>;
      fn: AggregateFn;
      /** What sum/min/max range over; absent for count. */
      target?: Expr;
      body: Literal[];
      loc: Location;
    };

export interface Rule {
  head: Atom;
  body: Literal[];
  loc: Location;
  /** The rule as written, for proofs and messages. */
  text: string;
}

export interface ProgramAst {
  /** Facts written inline: ground heads with empty bodies. */
  facts: Atom[];
  rules: Rule[];
}

/** `name/arity`: two predicates with one name and different arities are different predicates. */
export function predicateKey(name: string, arity: number): string {
  return `${name}/${arity}`;
}
