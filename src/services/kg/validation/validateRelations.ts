import { badUserInput } from '../../../errors';
import { LIMITS, RELATION_TYPE_PATTERN } from '../limits';
import { NO_SELF_LOOP_TYPES, STRUCTURAL_TYPES, type RelationSource } from '../model';
import { checkArray, checkId, checkObject, checkOptionalProbability, checkProbability, checkUniqueIds } from './fieldChecks';

export interface EvidenceInput {
  sentenceId: string;
  confidence: number;
}

export interface RelationInput {
  id: string;
  type: string;
  from: string;
  to: string;
  strength?: number | null;
  confidence?: number | null;
  source?: RelationSource;
  evidence?: EvidenceInput[];
}

const SOURCES: ReadonlySet<string> = new Set(['asserted', 'extracted', 'inferred']);

export function validateRelationInputs(input: unknown, field = 'relations'): RelationInput[] {
  const rows = checkArray(input, field, LIMITS.maxBatch).map((row, index) => validateRelationInput(row, `${field}[${index}]`));
  checkUniqueIds(rows.map((row) => row.id), field);
  return rows;
}

export function validateRelationInput(value: unknown, field: string): RelationInput {
  const row = checkObject(value, field);
  const type = row.type;
  if (typeof type !== 'string' || !RELATION_TYPE_PATTERN.test(type) || type.length > 64) {
    throw badUserInput(`${field}.type ${JSON.stringify(type)} is not a relationship type (UPPER_SNAKE_CASE identifier, at most 64 characters)`, `${field}.type`);
  }
  if (STRUCTURAL_TYPES.has(type)) throw badUserInput(`${field}.type ${type} is reserved for provenance structure`, `${field}.type`);
  const relation: RelationInput = {
    id: checkId(row.id, `${field}.id`),
    type,
    from: checkId(row.from, `${field}.from`),
    to: checkId(row.to, `${field}.to`),
  };
  if (NO_SELF_LOOP_TYPES.has(type) && relation.from === relation.to) {
    throw badUserInput(`${field}: a ${type} relation from ${relation.from} to itself is not allowed`, `${field}.to`);
  }
  if (row.strength !== undefined) relation.strength = checkOptionalProbability(row.strength, `${field}.strength`);
  if (row.confidence !== undefined) relation.confidence = checkOptionalProbability(row.confidence, `${field}.confidence`);
  if (row.source !== undefined && row.source !== null) {
    if (typeof row.source !== 'string' || !SOURCES.has(row.source.toLowerCase())) {
      throw badUserInput(`${field}.source must be asserted, extracted or inferred`, `${field}.source`);
    }
    relation.source = row.source.toLowerCase() as RelationSource;
  }
  if (row.evidence !== undefined && row.evidence !== null) {
    relation.evidence = checkArray(row.evidence, `${field}.evidence`, LIMITS.maxBatch, { allowEmpty: true }).map((item, i) => {
      const evidence = checkObject(item, `${field}.evidence[${i}]`);
      return {
        sentenceId: checkId(evidence.sentenceId, `${field}.evidence[${i}].sentenceId`),
        confidence: checkProbability(evidence.confidence, `${field}.evidence[${i}].confidence`),
      };
    });
  }
  return relation;
}
