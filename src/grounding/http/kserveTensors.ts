/** KServe v2 (Open Inference Protocol) tensors for the exported graph. */
export interface KServeTensor {
  name: string;
  shape: number[];
  datatype: string;
  data: number[];
}

export interface KServeInferRequest {
  inputs: KServeTensor[];
  outputs?: { name: string }[];
}

export interface KServeInferResponse {
  model_name: string;
  outputs: KServeTensor[];
  parameters?: Record<string, unknown>;
}

export const SENTENCE_EMBEDDING = 'sentence_embedding';
export const GRAPH_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids'] as const;

/** Right-pads a batch of token ids into the graph's three INT64 inputs (row-major data). */
export function kserveTensors(batch: readonly (readonly number[])[]): KServeTensor[] {
  const width = Math.max(...batch.map((ids) => ids.length));
  const inputIds: number[] = [];
  const mask: number[] = [];
  for (const ids of batch) {
    for (let i = 0; i < width; i++) {
      inputIds.push(i < ids.length ? ids[i]! : 0);
      mask.push(i < ids.length ? 1 : 0);
    }
  }
  const shape = [batch.length, width];
  return [
    { name: 'input_ids', shape, datatype: 'INT64', data: inputIds },
    { name: 'attention_mask', shape, datatype: 'INT64', data: mask },
    { name: 'token_type_ids', shape, datatype: 'INT64', data: new Array<number>(inputIds.length).fill(0) },
  ];
}
