import { badUserInput } from '../../../errors';
import { ENTITY_TYPE_PATTERN, LIMITS, STATE_PATTERN } from '../limits';
import {
  checkArray,
  checkId,
  checkObject,
  checkOptionalProbability,
  checkOptionalText,
  checkPattern,
  checkProbability,
  checkText,
  checkUniqueIds,
} from './fieldChecks';

/** An entity as a caller writes it; omitted optional fields keep their stored value. */
export interface EntityInput {
  id: string;
  name: string;
  type: string;
  aliases?: string[] | null;
  description?: string | null;
  baseRate?: number | null;
  states?: string[] | null;
  cpt?: number[][] | null;
}

/** CPT rows must sum to 1 within this (published networks miss by ~1e-7; docs/design.md). */
const CPT_ROW_TOLERANCE = 1e-6;

export function validateEntityInputs(input: unknown, field = 'entities'): EntityInput[] {
  const rows = checkArray(input, field, LIMITS.maxBatch).map((row, index) => validateEntityInput(row, `${field}[${index}]`));
  checkUniqueIds(rows.map((row) => row.id), field);
  return rows;
}

export function validateEntityInput(value: unknown, field: string): EntityInput {
  const row = checkObject(value, field);
  const entity: EntityInput = {
    id: checkId(row.id, `${field}.id`),
    name: checkText(row.name, `${field}.name`, LIMITS.maxNameLength),
    type: checkPattern(row.type, `${field}.type`, ENTITY_TYPE_PATTERN, 'an entity type (an identifier such as Disease)'),
  };
  if (row.aliases !== undefined && row.aliases !== null) {
    entity.aliases = checkArray(row.aliases, `${field}.aliases`, LIMITS.maxAliases, { allowEmpty: true }).map((alias, i) =>
      checkText(alias, `${field}.aliases[${i}]`, LIMITS.maxNameLength),
    );
  } else if (row.aliases === null) entity.aliases = null;
  if (row.description !== undefined) entity.description = checkOptionalText(row.description, `${field}.description`, LIMITS.maxDescriptionLength);
  if (row.baseRate !== undefined) entity.baseRate = checkOptionalProbability(row.baseRate, `${field}.baseRate`);
  if (row.states !== undefined) entity.states = row.states === null ? null : checkStates(row.states, `${field}.states`);
  if (row.cpt !== undefined) entity.cpt = row.cpt === null ? null : checkCpt(row.cpt, entity.states, `${field}.cpt`);
  return entity;
}

function checkStates(value: unknown, field: string): string[] {
  const states = checkArray(value, field, LIMITS.maxStates).map((state, i) =>
    checkPattern(state, `${field}[${i}]`, STATE_PATTERN, 'a state name (letters, digits, _ . + -)'),
  );
  if (states.length < 2) throw badUserInput(`${field} needs at least two states`, field);
  if (new Set(states).size !== states.length) throw badUserInput(`${field} repeats a state`, field);
  return states;
}

/** A CPT needs the variable's states: each row is a distribution over them. */
function checkCpt(value: unknown, states: string[] | null | undefined, field: string): number[][] {
  if (!states) throw badUserInput(`${field} needs states to be given in the same input`, field);
  return checkArray(value, field, 4096).map((row, r) => {
    const cells = checkArray(row, `${field}[${r}]`, states.length).map((cell, c) => checkProbability(cell, `${field}[${r}][${c}]`));
    if (cells.length !== states.length) throw badUserInput(`${field}[${r}] has ${cells.length} values for ${states.length} states`, `${field}[${r}]`);
    const sum = cells.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > CPT_ROW_TOLERANCE) throw badUserInput(`${field}[${r}] sums to ${sum}, not 1`, `${field}[${r}]`);
    return cells;
  });
}
