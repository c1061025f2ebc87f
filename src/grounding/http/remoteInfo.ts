import type { ProviderInfo, ProviderKind } from '../EmbeddingProvider';

export interface RemoteProviderOptions {
  /** Base URL, e.g. http://gpu-host:8080 */
  url: string;
  /** The model name the server knows. */
  model: string;
  dimensions: number;
  timeoutMs: number;
  apiKey?: string;
  /** Identity of the remote weights when the server does not report it. */
  modelChecksum?: string;
}

/** Response headers our embed-server adds; foreign servers omit them. */
export const EXECUTION_PROVIDER_HEADER = 'x-causeway-execution-provider';
export const MODEL_CHECKSUM_HEADER = 'x-causeway-model-checksum';

/**
 * What a remote provider can tell about itself. Without a reported or
 * configured checksum the identity falls back to protocol + URL + model name,
 * so cached vectors never mix with another server's.
 */
export function remoteInfo(kind: ProviderKind, options: RemoteProviderOptions, headers?: Headers): ProviderInfo {
  return {
    provider: kind,
    model: options.model,
    modelChecksum: headers?.get(MODEL_CHECKSUM_HEADER) ?? options.modelChecksum ?? `${kind}:${options.url}:${options.model}`,
    dimensions: options.dimensions,
    executionProvider: headers?.get(EXECUTION_PROVIDER_HEADER) ?? 'unknown',
    endpoint: options.url,
  };
}
