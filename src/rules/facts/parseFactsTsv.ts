import { badUserInput } from '../../errors';
import type { Constant } from '../syntax/ast';
import type { FactInput } from '../eval/evaluate';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const PREDICATE = /^[a-z][A-Za-z0-9_]*$/;

/** A field that reads as a number is a number; everything else a string (design.md, Rules). */
export function parseField(field: string): Constant {
  return NUMBER.test(field) && Number.isFinite(Number(field)) ? Number(field) : field;
}

/**
 * Reads `predicate<TAB>arg1<TAB>arg2…` lines into `into`. Empty lines are
 * skipped; a trailing CR is dropped (files written on Windows).
 */
export function parseFactsTsv(text: string, source: string, into: FactInput = new Map()): FactInput {
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const [predicate, ...fields] = line.split('\t');
    if (!PREDICATE.test(predicate)) {
      throw badUserInput(`${source}:${i + 1}: "${predicate}" is not a predicate name (lower-case first letter, then letters, digits, _)`, 'facts');
    }
    const tuples = into.get(predicate) ?? [];
    tuples.push(fields.map(parseField));
    into.set(predicate, tuples);
  });
  return into;
}
