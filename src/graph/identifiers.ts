import { badUserInput } from '../errors';

/** Labels and relationship types spliced into Cypher must pass this, then go in backticks. */
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export function assertIdentifier(name: string, field: string): string {
  if (!IDENTIFIER.test(name)) {
    throw badUserInput(`"${name}" is not a valid identifier (letters, digits and _, starting with a letter, at most 64)`, field);
  }
  return `\`${name}\``;
}
