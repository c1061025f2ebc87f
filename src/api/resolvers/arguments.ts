import { badUserInput, CausewayError } from '../../errors';
import type { PageRequest } from '../../services/kg';
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

export function decodeEntityCursor(cursor: string | null | undefined, field: 'after' | 'before' = 'after'): string | null {
  if (cursor === null || cursor === undefined) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('entity:') || text.length === 'entity:'.length || entityCursor(text.slice(7)) !== cursor) {
    throw badUserInput(`${field} is not a cursor this API returned`, field);
  }
  return text.slice(7);
}

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * Relay connection arguments to a page request over entity ids: `first`
 * (default 20) reads forwards, `last` backwards; both capped like every
 * `first`. Both at once, or a cursor this API did not return: BAD_USER_INPUT.
 */
export function entityPageRequest(args: ConnectionArgs, context: RequestContext): PageRequest {
  const after = decodeEntityCursor(args.after, 'after');
  const before = decodeEntityCursor(args.before, 'before');
  const hasFirst = args.first !== null && args.first !== undefined;
  const hasLast = args.last !== null && args.last !== undefined;
  if (hasFirst && hasLast) throw badUserInput('give first or last, not both', 'last');
  if (hasLast) return { last: checkFirst(args.last, context, 'last'), after, before };
  return { first: checkFirst(args.first, context), after, before };
}
