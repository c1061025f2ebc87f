export { loadDemoGraphIfEmpty, DEMO_AUTHOR } from './loadDemoGraph';
export type { DemoLoadReport } from './loadDemoGraph';
