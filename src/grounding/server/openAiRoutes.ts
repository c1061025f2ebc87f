import { badUserInput, notFound } from '../../errors';
import type { RouteContext, RouteResult } from './routeTypes';

interface EmbeddingsRequest {
  input?: unknown;
  model?: unknown;
  encoding_format?: unknown;
}

/**
 * OpenAI-compatible routes: `POST /v1/embeddings` and `GET /v1/models`
 * (https://platform.openai.com/docs/api-reference/embeddings). `input` is a
 * string or an array of strings; `encoding_format` `float` (default) or
 * `base64` (little-endian float32, what the official Python client requests).
 */
export async function handleOpenAi(ctx: RouteContext, method: string, path: string, readBody: () => Promise<unknown>): Promise<RouteResult> {
  const model = ctx.provider.info.model;
  if (method === 'GET' && path === '/v1/models') {
    return { status: 200, protocol: 'openai', body: { object: 'list', data: [{ id: model, object: 'model', owned_by: 'causeway' }] } };
  }
  if (method !== 'POST' || path !== '/v1/embeddings') throw notFound(`no route ${method} ${path}`);
  const body = (await readBody()) as EmbeddingsRequest;
  const inputs = typeof body?.input === 'string' ? [body.input] : body?.input;
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((t): t is string => typeof t === 'string')) {
    throw badUserInput('input must be a string or a non-empty array of strings', 'input');
  }
  if (inputs.length > ctx.options.maxInputs) throw badUserInput(`at most ${ctx.options.maxInputs} inputs per request`, 'input');
  if (body.model !== undefined && (typeof body.model !== 'string' || !ctx.modelNames.includes(body.model.toLowerCase()))) {
    throw notFound(`model ${String(body.model)} is not served here; this server has ${model}`);
  }
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') throw badUserInput('encoding_format must be float or base64', 'encoding_format');
  const ids = inputs.map((text) => ctx.provider.tokenizer.encode(text));
  const vectors = await ctx.batcher.submit(ids);
  const tokens = ids.reduce((sum, s) => sum + s.length, 0);
  return {
    status: 200,
    protocol: 'openai',
    body: {
      object: 'list',
      model,
      data: vectors.map((v, index) => ({
        object: 'embedding',
        index,
        embedding: format === 'base64' ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : Array.from(v),
      })),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
  };
}
