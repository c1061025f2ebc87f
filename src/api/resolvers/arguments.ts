import { badUserInput, CausewayError } from '../../errors';
import type { RequestContext } from '../RequestContext';

/** `first` arguments: positive and at most the configured cap (LIMIT_EXCEEDED above it). */
export function checkFirst(first: number | null | undefined, context: RequestContext, field = 'first'): number {
  const value = first ?? 20;
  if (!Number.isInteger(value) || value < 1) throw badUserInput(`${field} must be a positive integer`, field);
  if (value > context.limits.maxFirst) {
    throw new CausewayError(`${field} is at most ${context.limits.maxFirst}`, { code: 'LIMIT_EXCEEDED', field, details: { limit: context.limits.maxFirst } });
  }
  return value;
}

/** Opaque Relay cursors: base64url of "entity:<id>". */
export function entityCursor(id: string): string {
  return Buffer.from(`entity:${id}`, 'utf8').toString('base64url');
}

export function decodeEntityCursor(cursor: string | null | undefined): string | null {
  if (cursor === null || cursor === undefined) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('entity:') || text.length === 'entity:'.length || entityCursor(text.slice(7)) !== cursor) {
    throw badUserInput('after is not a cursor this API returned', 'after');
  }
  return text.slice(7);
}
