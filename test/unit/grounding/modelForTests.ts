import { defaultModelDir, locateModel, PROVISION_HINT } from '../../../src/grounding/modelLocation';
import { InProcessProvider } from '../../../src/grounding/InProcessProvider';
import type { InProcessOptions } from '../../../src/grounding/InProcessProvider';

/**
 * These tests run the real ONNX model, never a mock. Without the provisioned
 * model they fail (not skip) with the command that fixes it.
 */
export function requireModelDir(): string {
  const dir = defaultModelDir();
  try {
    locateModel(dir);
  } catch {
    throw new Error(`grounding tests need the provisioned model in ${dir}: ${PROVISION_HINT}`);
  }
  return dir;
}

/** Two intra-op threads: the test machine has two cores shared with other suites. */
export async function testProvider(options: InProcessOptions = {}): Promise<InProcessProvider> {
  return InProcessProvider.create({ modelDir: requireModelDir(), intraOpThreads: 2, executionProvider: 'cpu', ...options });
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}
