export { DEFAULT_BASE_RATE, loadConfig } from './config';
export type { Config } from './config';
export { projectRoot } from './projectRoot';
