import type { LocalServer } from '../../src/graph';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __NEO4J_SERVER__?: LocalServer }).__NEO4J_SERVER__?.stop();
}
