export { CausalService } from './CausalService';
export type { CausalServiceOptions, GraphAnswer } from './CausalService';
export { readGraphModel } from './readGraphModel';
export type { GraphModel } from './readGraphModel';
export { importCptModel } from './importCptModel';
export type { CptImportReport } from './importCptModel';
export { loadLpSolver } from './highsSolver';
export { MAX_INLINE_CSV_BYTES, causalStructureOf } from './graphEstimation';
