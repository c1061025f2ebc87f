/** Roles nest: an admin can do what a writer can, a writer what a reader can. */
export type Role = 'reader' | 'writer' | 'admin';
export const ROLES: readonly Role[] = ['reader', 'writer', 'admin'];

export interface Principal {
  /** Recorded as `assertedBy` on what this caller writes: `key:<name>`, `jwt:<sub>` or `anonymous`. */
  subject: string;
  role: Role;
  via: 'apiKey' | 'jwt' | 'anonymous';
}

/** The scopes a role grants, for @requiresScopes checks. */
export function scopesOf(role: Role): Role[] {
  return ROLES.slice(0, ROLES.indexOf(role) + 1);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export const ANONYMOUS_READER: Principal = Object.freeze({ subject: 'anonymous', role: 'reader', via: 'anonymous' });
