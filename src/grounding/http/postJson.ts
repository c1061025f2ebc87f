import { providerFailure } from './providerErrors';

export interface PostJsonOptions {
  timeoutMs: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface JsonResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

/**
 * POSTs JSON and parses the JSON answer. Any failure becomes a typed
 * provider failure marked retriable or not; a 2xx is returned as is.
 */
export async function postJson(url: string, payload: unknown, options: PostJsonOptions): Promise<JsonResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
      body: JSON.stringify(payload),
      signal,
    });
  } catch (error) {
    const timedOut = timeout.aborted;
    const message = timedOut ? `no answer from ${url} within ${options.timeoutMs} ms` : `cannot reach ${url}: ${describe(error)}`;
    // A caller's own cancellation is final; a timeout or a network error may pass.
    throw providerFailure(message, timedOut || !options.signal?.aborted, { url, timedOut }, error);
  }
  const text = await response.text();
  if (!response.ok) {
    const retriable = response.status === 429 || response.status >= 500;
    throw providerFailure(`${url} answered ${response.status}: ${text.slice(0, 300)}`, retriable, { url, status: response.status });
  }
  try {
    return { status: response.status, body: JSON.parse(text) as unknown, headers: response.headers };
  } catch (error) {
    throw providerFailure(`${url} answered with invalid JSON`, false, { url }, error);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
