import { badUserInput, notFound } from '../../errors';
import { GRAPH_INPUTS, KServeInferRequest, KServeTensor, SENTENCE_EMBEDDING } from '../http/kserveTensors';
import type { RouteContext, RouteResult } from './routeTypes';

/** The name Triton's repository (export-triton) and this server both use. */
export const KSERVE_MODEL_NAME = 'all-minilm-l6-v2';

/**
 * KServe v2 / Open Inference Protocol routes
 * (https://kserve.github.io/website/latest/modelserving/data_plane/v2_protocol/):
 * health, model metadata, and infer. Infer takes either the ONNX graph's own
 * INT64 tensors (what a Triton client sends) or one BYTES tensor `text`
 * [n] that this server tokenises; it answers FP32 `sentence_embedding` [n, d].
 */
export async function handleKServe(ctx: RouteContext, method: string, path: string, readBody: () => Promise<unknown>): Promise<RouteResult> {
  const ok = (body: unknown): RouteResult => ({ status: 200, protocol: 'kserve', body });
  if (method === 'GET' && (path === '/v2/health/live' || path === '/v2/health/ready')) return ok({ live: true, ready: true });
  if (method === 'GET' && path === '/v2') return ok({ name: 'causeway-embed-server', version: '1', extensions: [] });
  const match = /^\/v2\/models\/([^/]+)(?:\/versions\/[^/]+)?(\/ready|\/infer)?$/.exec(path);
  if (!match) throw notFound(`no route ${method} ${path}`);
  const name = decodeURIComponent(match[1]!).toLowerCase();
  if (name !== KSERVE_MODEL_NAME && !ctx.modelNames.includes(name)) throw notFound(`model ${name} is not served here; this server has ${KSERVE_MODEL_NAME}`);
  const dims = ctx.provider.info.dimensions;
  if (method === 'GET' && match[2] === '/ready') return ok({ name: KSERVE_MODEL_NAME, ready: true });
  if (method === 'GET' && match[2] === undefined) {
    return ok({
      name: KSERVE_MODEL_NAME,
      versions: ['1'],
      platform: 'onnxruntime_onnx',
      inputs: GRAPH_INPUTS.map((n) => ({ name: n, datatype: 'INT64', shape: [-1, -1] })),
      outputs: [{ name: SENTENCE_EMBEDDING, datatype: 'FP32', shape: [-1, dims] }],
    });
  }
  if (method !== 'POST' || match[2] !== '/infer') throw notFound(`no route ${method} ${path}`);
  const request = (await readBody()) as Partial<KServeInferRequest> & { id?: string };
  if (!Array.isArray(request?.inputs)) throw badUserInput('inputs must be an array of tensors', 'inputs');
  const ids = sequencesFrom(request.inputs, ctx);
  if (ids.length > ctx.options.maxInputs) throw badUserInput(`at most ${ctx.options.maxInputs} sequences per request`, 'inputs');
  const vectors = await ctx.batcher.submit(ids);
  const data: number[] = [];
  for (const v of vectors) for (const x of v) data.push(x);
  const { executionProvider, modelChecksum } = ctx.provider.info;
  return ok({
    model_name: KSERVE_MODEL_NAME,
    model_version: '1',
    ...(request.id !== undefined ? { id: request.id } : {}),
    parameters: { execution_provider: executionProvider, model_checksum: modelChecksum },
    outputs: [{ name: SENTENCE_EMBEDDING, datatype: 'FP32', shape: [vectors.length, dims], data }],
  });
}

/** Token-id sequences from either input form, padding removed (the mask says where). */
function sequencesFrom(inputs: KServeTensor[], ctx: RouteContext): number[][] {
  const text = inputs.find((t) => t?.name === 'text');
  if (text) {
    if (text.datatype !== 'BYTES' || !Array.isArray(text.data) || !text.data.every((s) => typeof s === 'string')) {
      throw badUserInput('text must be a BYTES tensor of strings', 'inputs');
    }
    return (text.data as unknown as string[]).map((s) => ctx.provider.tokenizer.encode(s));
  }
  const tensor = (name: string): KServeTensor => {
    const t = inputs.find((i) => i?.name === name);
    if (!t) throw badUserInput(`missing input tensor ${name}`, 'inputs');
    if (t.datatype !== 'INT64' || !Array.isArray(t.shape) || t.shape.length !== 2 || !Array.isArray(t.data)) {
      throw badUserInput(`${name} must be an INT64 tensor of shape [batch, sequence]`, 'inputs');
    }
    const [rows, cols] = t.shape as [number, number];
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1 || t.data.length !== rows * cols) {
      throw badUserInput(`${name}: data length must equal the product of shape`, 'inputs');
    }
    return t;
  };
  const inputIds = tensor('input_ids');
  const mask = tensor('attention_mask');
  const [rows, cols] = inputIds.shape as [number, number];
  if (mask.shape[0] !== rows || mask.shape[1] !== cols) throw badUserInput('attention_mask must have the shape of input_ids', 'inputs');
  if (cols > ctx.provider.tokenizer.maxTokens) throw badUserInput(`sequences longer than ${ctx.provider.tokenizer.maxTokens} tokens`, 'inputs');
  const vocab = ctx.provider.tokenizer.vocabSize;
  const sequences: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const ids: number[] = [];
    for (let c = 0; c < cols; c++) {
      if (mask.data[r * cols + c] !== 1) continue;
      const id = inputIds.data[r * cols + c]!;
      if (!Number.isInteger(id) || id < 0 || id >= vocab) throw badUserInput(`token id ${id} outside the vocabulary`, 'inputs');
      ids.push(id);
    }
    if (ids.length === 0) throw badUserInput(`row ${r} has no attended token`, 'inputs');
    sequences.push(ids);
  }
  return sequences;
}
