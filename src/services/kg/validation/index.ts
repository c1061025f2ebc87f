export { validateEntityInputs, validateEntityInput } from './validateEntities';
export type { EntityInput } from './validateEntities';
export { validateRelationInputs, validateRelationInput } from './validateRelations';
export type { RelationInput, EvidenceInput } from './validateRelations';
export { validateDocumentInputs, sentenceId, mentionId } from './validateDocuments';
export type { DocumentInput, SentenceInput, MentionInput } from './validateDocuments';
export { checkId } from './fieldChecks';
