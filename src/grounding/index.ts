/**
 * Grounding's public face: sentence embeddings from the provisioned ONNX
 * model, in-process or behind HTTP servers, and the embed server itself.
 * A service obtains a client with createEmbeddingClient(loadEmbeddingConfig())
 * and depends only on the EmbeddingProvider interface.
 */
export type { EmbeddingProvider, EmbeddingBatch, EmbedOptions, ProviderInfo, ProviderKind } from './EmbeddingProvider';
export { EmbeddingClient } from './EmbeddingClient';
export type { ClientEmbeddingBatch, EmbedReport, EmbeddingClientOptions } from './EmbeddingClient';
export { InProcessProvider, MODEL_NAME } from './InProcessProvider';
export { OpenAiProvider } from './http/OpenAiProvider';
export { KServeProvider } from './http/KServeProvider';
export { SentenceTokenizer, MAX_TOKENS } from './SentenceTokenizer';
export { OnnxSentenceEncoder } from './OnnxSentenceEncoder';
export { loadEmbeddingConfig } from './embeddingConfig';
export type { EmbeddingConfig } from './embeddingConfig';
export { createEmbeddingClient } from './createEmbeddingClient';
export { EmbedServer } from './server/EmbedServer';
export type { EmbedServerOptions } from './server/EmbedServer';
export { exportTritonRepository } from './tritonRepository';
export { embedLines } from './embedLines';
export { defaultModelDir, locateModel, fileChecksum } from './modelLocation';
