import { invalidQuery } from '../../errors';
import type { CausalGraph } from './CausalGraph';

/** Resolves variable names of a query, rejecting unknown names and overlaps between the roles. */
export function resolveVariables(graph: CausalGraph, roles: Record<string, readonly string[]>): Record<string, Set<number>> {
  const resolved: Record<string, Set<number>> = {};
  const roleOf = new Map<number, string>();
  for (const [role, names] of Object.entries(roles)) {
    const set = new Set<number>();
    for (const name of names) {
      const index = graph.indexOf.get(name);
      if (index === undefined) {
        throw invalidQuery(`unknown variable "${name}"${suggestion(graph, name)}`, role, { variable: name });
      }
      const other = roleOf.get(index);
      if (other !== undefined && other !== role) {
        throw invalidQuery(`"${name}" cannot be both in ${other} and in ${role}`, role, { variable: name });
      }
      roleOf.set(index, role);
      set.add(index);
    }
    resolved[role] = set;
  }
  return resolved;
}

export function requireNonEmpty(set: ReadonlySet<number>, role: string): void {
  if (set.size === 0) throw invalidQuery(`${role} needs at least one variable`, role);
}

function suggestion(graph: CausalGraph, name: string): string {
  const lower = name.toLowerCase();
  const close = graph.names.find((n) => n.toLowerCase() === lower);
  return close ? ` (did you mean "${close}"?)` : '';
}
