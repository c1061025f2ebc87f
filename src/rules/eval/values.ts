import type { ArithmeticOp, CompareOp, Constant } from '../syntax/ast';

/**
 * The order comparisons use: numbers by value, strings by code units, and
 * every number before every string (a total order, so min/max are defined
 * over mixed values).
 */
export function compareValues(a: Constant, b: Constant): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function holds(op: CompareOp, a: Constant, b: Constant): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return compareValues(a, b) < 0;
    case '<=':
      return compareValues(a, b) <= 0;
    case '>':
      return compareValues(a, b) > 0;
    case '>=':
      return compareValues(a, b) >= 0;
  }
}

/** Arithmetic on numbers; anything else (a string operand, division by zero) has no value and the rule instance does not fire. */
export function applyArithmetic(op: ArithmeticOp, a: Constant | undefined, b: Constant | undefined): number | undefined {
  if (typeof a !== 'number' || typeof b !== 'number') return undefined;
  let result: number;
  switch (op) {
    case '+':
      result = a + b;
      break;
    case '-':
      result = a - b;
      break;
    case '*':
      result = a * b;
      break;
    case '/':
      if (b === 0) return undefined;
      result = a / b;
      break;
  }
  return Number.isFinite(result) ? result : undefined;
}
