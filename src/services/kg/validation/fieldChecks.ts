import { badUserInput } from '../../../errors';
import { ID_PATTERN, LIMITS } from '../limits';

/**
 * Small checks that name the offending field (`relations[3].strength`) in a
 * BAD_USER_INPUT error. They validate values arriving from GraphQL, the CLI
 * importer or ingestion alike, so they do not trust the static types.
 */
export function checkId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw badUserInput(`${field} must be a non-empty string id`, field);
  if (value.length > LIMITS.maxIdLength) throw badUserInput(`${field} is longer than ${LIMITS.maxIdLength} characters`, field);
  if (!ID_PATTERN.test(value)) {
    throw badUserInput(`${field} "${value}" is not a valid id (letters, digits and _ . : / # ~ -, starting with a letter or digit)`, field);
  }
  return value;
}

export function checkText(value: unknown, field: string, maxLength: number, options: { allowEmpty?: boolean } = {}): string {
  if (typeof value !== 'string') throw badUserInput(`${field} must be a string`, field);
  if (!options.allowEmpty && value.trim().length === 0) throw badUserInput(`${field} must not be empty`, field);
  if (value.length > maxLength) throw badUserInput(`${field} is longer than ${maxLength} characters`, field);
  return value;
}

export function checkOptionalText(value: unknown, field: string, maxLength: number): string | null | undefined {
  if (value === undefined || value === null) return value;
  return checkText(value, field, maxLength, { allowEmpty: true });
}

export function checkPattern(value: unknown, field: string, pattern: RegExp, what: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw badUserInput(`${field} ${JSON.stringify(value)} is not ${what}`, field);
  }
  return value;
}

/** A probability: finite and in [0, 1]. */
export function checkProbability(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw badUserInput(`${field} must be a number in [0, 1], got ${JSON.stringify(value)}`, field);
  }
  return value;
}

export function checkOptionalProbability(value: unknown, field: string): number | null | undefined {
  if (value === undefined || value === null) return value;
  return checkProbability(value, field);
}

export function checkNonNegativeInt(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw badUserInput(`${field} must be a non-negative integer, got ${JSON.stringify(value)}`, field);
  }
  return value;
}

export function checkArray(value: unknown, field: string, maxLength: number, options: { allowEmpty?: boolean } = {}): unknown[] {
  if (!Array.isArray(value)) throw badUserInput(`${field} must be a list`, field);
  if (!options.allowEmpty && value.length === 0) throw badUserInput(`${field} must not be empty`, field);
  if (value.length > maxLength) throw badUserInput(`${field} has ${value.length} items; at most ${maxLength} are allowed in one call`, field);
  return value;
}

export function checkObject(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badUserInput(`${field} must be an object`, field);
  return value as Record<string, unknown>;
}

/** Rejects a second row with an id already seen in the batch: one id, one row. */
export function checkUniqueIds(ids: string[], field: string): void {
  const seen = new Map<string, number>();
  ids.forEach((id, index) => {
    const first = seen.get(id);
    if (first !== undefined) throw badUserInput(`${field}[${index}].id "${id}" repeats ${field}[${first}].id`, `${field}[${index}].id`);
    seen.set(id, index);
  });
}
