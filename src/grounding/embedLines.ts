import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { EmbeddingProvider } from './EmbeddingProvider';

/**
 * The `causeway embed` contract: every input line (an empty line is the empty
 * text; a final newline does not start another line) becomes one output line,
 * in order, holding a JSON array of the vector's numbers. Lines are embedded
 * in chunks so that input of any length streams through in bounded memory.
 */
export async function embedLines(
  provider: EmbeddingProvider,
  input: Readable,
  output: Writable,
  chunkSize = 256,
): Promise<number> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let pending: string[] = [];
  let count = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const { vectors } = await provider.embed(pending);
    const text = vectors.map((v) => JSON.stringify(Array.from(v))).join('\n') + '\n';
    count += pending.length;
    pending = [];
    if (!output.write(text)) await new Promise((resolve) => output.once('drain', resolve));
  };
  for await (const line of lines) {
    pending.push(line);
    if (pending.length >= chunkSize) await flush();
  }
  await flush();
  return count;
}
