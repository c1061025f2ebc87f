import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Which onnxruntime execution provider runs the model. */
export type ExecutionProvider = 'cpu' | 'cuda';
/** What a caller asks for: `auto` takes CUDA when its libraries are present, CPU otherwise. */
export type ExecutionProviderPreference = ExecutionProvider | 'auto';

/**
 * onnxruntime-node ships CPU binaries only; the CUDA provider is a separate
 * shared library (libonnxruntime_providers_cuda.so + _shared.so) that a GPU
 * host drops beside the binding (docs/grounding.md says how). Its presence is
 * the cheap first test; session creation is the real one.
 */
export function cudaProviderLibraryPresent(): boolean {
  if (process.platform !== 'linux' || process.arch !== 'x64') return false;
  try {
    const bindingDir = join(dirname(require.resolve('onnxruntime-node')), '..', 'bin', 'napi-v6', 'linux', 'x64');
    return existsSync(join(bindingDir, 'libonnxruntime_providers_cuda.so'));
  } catch {
    return false;
  }
}

/** The providers to try, best first. */
export function providerCandidates(preference: ExecutionProviderPreference): ExecutionProvider[] {
  if (preference === 'cpu') return ['cpu'];
  if (preference === 'cuda') return ['cuda'];
  return cudaProviderLibraryPresent() ? ['cuda', 'cpu'] : ['cpu'];
}
