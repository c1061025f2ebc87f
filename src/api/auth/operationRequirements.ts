import {
  getNamedType,
  Kind,
  TypeInfo,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { isRole, ROLES, type Role } from './Principal';

/**
 * The role an operation needs, read from the SDL's directives:
 *   - a field or its type marked `@skipAuth` is public;
 *   - `@requiresScopes(scopes: [["writer"]])` on a field (or its type) names its role;
 *   - every other field needs `reader`; introspection (`__*`) is public.
 * For each role the first field needing it is kept, to name it in the error.
 * Fragments in the document count whether used or not (stricter, never looser).
 */
export interface OperationRequirement {
  /** Field coordinate (Type.field) first needing each role; absent roles are not needed. */
  fieldNeeding: Partial<Record<Role, string>>;
}

export function operationRequirement(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): OperationRequirement {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const selected = operationName ? operations.filter((op) => op.name?.value === operationName) : operations.slice(0, 1);
  const scoped: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [...selected, ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)],
  };
  const fieldNeeding: OperationRequirement['fieldNeeding'] = {};
  const typeInfo = new TypeInfo(schema);
  visit(
    scoped,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field || node.name.value.startsWith('__') || parent.name.startsWith('__')) return;
        const role = roleFor(field.astNode?.directives, parent.astNode?.directives, getNamedType(field.type).astNode?.directives);
        if (role && !fieldNeeding[role]) fieldNeeding[role] = `${parent.name}.${field.name}`;
      },
    }),
  );
  return { fieldNeeding };
}

type Directives = readonly ConstDirectiveNode[] | undefined;

function roleFor(fieldDirectives: Directives, parentDirectives: Directives, returnTypeDirectives: Directives): Role | null {
  if (has(fieldDirectives, 'skipAuth') || has(parentDirectives, 'skipAuth') || has(returnTypeDirectives, 'skipAuth')) return null;
  return scopesRole(fieldDirectives) ?? scopesRole(parentDirectives) ?? 'reader';
}

const has = (directives: Directives, name: string) => directives?.some((d) => d.name.value === name) ?? false;

/** The lowest role satisfying any one of the scope sets (roles nest, so one role per set: its highest). */
function scopesRole(directives: Directives): Role | null {
  const directive = directives?.find((d) => d.name.value === 'requiresScopes');
  const argument = directive?.arguments?.find((a) => a.name.value === 'scopes');
  if (!argument) return null;
  const sets = valueFromASTUntyped(argument.value) as string[][];
  const rank = (role: Role) => ROLES.indexOf(role);
  const perSet = sets.map((set) => set.filter(isRole).sort((a, b) => rank(b) - rank(a))[0]).filter((r): r is Role => r !== undefined);
  return perSet.sort((a, b) => rank(a) - rank(b))[0] ?? null;
}
