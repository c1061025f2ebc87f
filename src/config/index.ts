export { loadConfig } from './config';
export type { Config } from './config';
export { projectRoot } from './projectRoot';
