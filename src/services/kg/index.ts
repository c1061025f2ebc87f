import type { GraphClient } from '../../graph';
import { EntityService } from './EntityService';
import { ProvenanceService } from './ProvenanceService';
import { RelationService } from './RelationService';

export { EntityService, luceneQuery } from './EntityService';
export type { EntityFilter, EntityPage, PageRequest, UpsertReport } from './EntityService';
export { RelationService, MAX_PATH_DEPTH } from './RelationService';
export type { CausalPath, Direction, RelationUpsertReport } from './RelationService';
export { ProvenanceService } from './ProvenanceService';
export type { SupportView, RetractReport } from './ProvenanceService';
export { mergeEntities } from './mergeEntities';
export type { MergeReport } from './mergeEntities';
export { currentVersion } from './graphVersion';
export { combineEvidence } from './evidence';
export { exportGraph, importGraph, parseExport, EXPORT_FORMAT, EXPORT_FORMAT_VERSION } from './exportImport';
export type { ExportRecord, ImportReport } from './exportImport';
export type { WriteContext } from './WriteContext';
export * from './model';
export { LIMITS } from './limits';
export * from './validation';

/** The knowledge-graph services over one graph client. */
export interface KnowledgeGraph {
  graph: GraphClient;
  entities: EntityService;
  relations: RelationService;
  provenance: ProvenanceService;
}

export function createKnowledgeGraph(graph: GraphClient): KnowledgeGraph {
  return { graph, entities: new EntityService(graph), relations: new RelationService(graph), provenance: new ProvenanceService(graph) };
}
